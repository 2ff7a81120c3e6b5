#include "mappers/inbound/fhir/map_fhir.h"

namespace titrate::inbound::fhir {

int http_status_for(const model::MappedMessage& message) {
  bool error = false;
  for (const model::MappingIssue& issue : message.issues) {
    if (issue.severity != model::MappingIssue::Severity::kError) continue;
    if (issue.location.empty()) return 400;
    error = true;
  }
  if (error) return 422;
  return message.patient || !message.orders.empty() ? 201 : 200;
}

}  // namespace titrate::inbound::fhir
