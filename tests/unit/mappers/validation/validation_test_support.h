#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mappers/validation/fhir_validator.h"

// Shared by the validator tests: the synthetic definitions in tests/fixtures/fhir-validation.
namespace titrate::validation::test {

inline std::string fixture_definitions() {
  return std::string(TITRATE_FIXTURES_DIR) + "/fhir-validation/definitions";
}

inline const FhirValidator& fixture_validator() {
  static const FhirValidator validator = FhirValidator::load(fixture_definitions());
  return validator;
}

// "pointer: message" per issue, for readable failures.
inline std::vector<std::string> issue_lines(const ValidationResult& result) {
  std::vector<std::string> lines;
  for (const ValidationIssue& issue : result.errors) {
    lines.push_back((issue.pointer.empty() ? std::string("(root)") : issue.pointer) + ": " +
                    issue.message);
  }
  return lines;
}

}  // namespace titrate::validation::test
