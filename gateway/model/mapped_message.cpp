#include "gateway/model/mapped_message.h"

#include <algorithm>

namespace titrate::model {

bool MappedMessage::ok() const {
  return std::none_of(issues.begin(), issues.end(), [](const MappingIssue& issue) {
    return issue.severity == MappingIssue::Severity::kError;
  });
}

}  // namespace titrate::model
