#pragma once

#include <string>
#include <string_view>

#include "mappers/validation/fhir_validator.h"

namespace titrate::validation::detail {

// "file: /pointer: what".
[[noreturn]] inline void throw_load_error(std::string_view file, std::string_view pointer,
                                          std::string_view what) {
  std::string message(file);
  message += ": ";
  message += pointer.empty() ? std::string_view("(document)") : pointer;
  message += ": ";
  message += what;
  throw ProfileLoadError(message);
}

}  // namespace titrate::validation::detail
