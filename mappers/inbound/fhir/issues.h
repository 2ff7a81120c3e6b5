#pragma once

#include <string>
#include <vector>

#include "gateway/model/mapped_message.h"

// Building located issues. `code` is a FHIR OperationOutcome issue-type code (structure,
// required, value, code-invalid, invalid, not-supported, too-costly, informational).
namespace titrate::inbound::fhir {

using Issues = std::vector<model::MappingIssue>;

inline void add_error(Issues& issues, std::string location, std::string code, std::string message) {
  issues.push_back({model::MappingIssue::Severity::kError, std::move(location), std::move(code),
                    std::move(message)});
}

inline void add_warning(Issues& issues, std::string location, std::string code,
                        std::string message) {
  issues.push_back({model::MappingIssue::Severity::kWarning, std::move(location), std::move(code),
                    std::move(message)});
}

// Whether issues[from..] holds an error.
inline bool has_error(const Issues& issues, size_t from = 0) {
  for (size_t i = from; i < issues.size(); ++i) {
    if (issues[i].severity == model::MappingIssue::Severity::kError) return true;
  }
  return false;
}

}  // namespace titrate::inbound::fhir
