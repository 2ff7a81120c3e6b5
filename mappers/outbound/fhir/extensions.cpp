#include "mappers/outbound/fhir/extensions.h"

#include <string>

#include "mappers/outbound/fhir/medication_request.h"
#include "mappers/outbound/fhir/profiles.h"

namespace titrate::outbound::fhir {
namespace {

void positive_int(ResourceWriter& w, std::string_view url, int value) {
  w.start_object();
  w.member("url", url);
  w.key("valuePositiveInt");
  w.integer(value);
  w.end_object();
}

}  // namespace

void write_infusion_series(ResourceWriter& w, const InfusionSeries& series) {
  w.start_object();
  w.member("url", extensions::kInfusionSeries);
  w.key("extension");
  w.start_array();
  positive_int(w, "number", series.number);
  if (series.total > 0) positive_int(w, "total", series.total);
  w.end_array();
  w.end_object();
}

void write_care_area(ResourceWriter& w, std::string_view code) {
  w.start_object();
  w.member("url", extensions::kCareArea);
  w.member("valueCode", code);
  w.end_object();
}

void write_dosing_limit_override(ResourceWriter& w, const model::LimitOverride& override_by) {
  w.start_object();
  w.member("url", extensions::kDosingLimitOverride);
  w.key("extension");
  w.start_array();
  w.start_object();
  w.member("url", "reason");
  w.member("valueString", override_by.reason);
  w.end_object();
  if (order_elements::has_content(override_by.by)) {
    w.start_object();
    w.member("url", "author");
    w.key("valueReference");
    order_elements::practitioner_reference(w, override_by.by);
    w.end_object();
  }
  if (!override_by.time.empty()) {
    w.start_object();
    w.member("url", "time");
    w.member("valueDateTime", override_by.time.value);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace titrate::outbound::fhir
