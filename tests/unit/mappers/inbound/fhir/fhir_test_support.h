#pragma once

#include <ostream>
#include <string>

#include "mappers/inbound/fhir/map_fhir.h"
#include "tests/unit/fixtures.h"

// Helpers shared by the FHIR mapping tests.

namespace titrate::model {
// Readable failure output for the test files that include this header; other test files may
// print issues their own way.
inline void PrintTo(const MappingIssue& issue, std::ostream* os) {
  *os << "{" << static_cast<int>(issue.severity) << ", \"" << issue.location << "\", \""
      << issue.code << "\", \"" << issue.message << "\"}";
}
}  // namespace titrate::model

namespace titrate::inbound::fhir {

// The bytes of tests/fixtures/mapping/fhir/<name>.
inline std::string fixture(const std::string& name) {
  return test::read_fixture("mapping/fhir/" + name);
}

// tests/fixtures/mapping/fhir/<name> mapped with `p`.
inline model::MappedMessage map_fixture(const std::string& name,
                                        const profile::MappingProfile& p = {}) {
  return map_fhir(fixture(name), p);
}

}  // namespace titrate::inbound::fhir
