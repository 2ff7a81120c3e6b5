#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "mappers/hl7v2/message.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"
#include "tests/unit/fixtures.h"

// Helpers shared by the HL7 v2 mapping tests.
namespace titrate::inbound {

// tests/fixtures/mapping/hl7v2/<name>, parsed (the parse must succeed) and mapped with `p`.
inline model::MappedMessage map_fixture(const std::string& name, const profile::MappingProfile& p) {
  const std::string bytes = test::read_fixture("mapping/hl7v2/" + name);
  const hl7v2::Message message = hl7v2::parse(bytes);
  EXPECT_TRUE(message.ok()) << name;
  return map_hl7v2(message, p);
}

// "error 101 PID[1]-3" per issue: severity, code and location, in order.
inline std::vector<std::string> issues(const model::MappedMessage& m) {
  std::vector<std::string> out;
  for (const model::MappingIssue& i : m.issues) {
    const char* severity = i.severity == model::MappingIssue::Severity::kError     ? "error"
                           : i.severity == model::MappingIssue::Severity::kWarning ? "warning"
                                                                                   : "info";
    out.push_back(std::string(severity) + " " + i.code + " " + i.location);
  }
  return out;
}

// "125 mL/h", or "<none>" when there is no quantity.
inline std::string text(const std::optional<model::Quantity>& q) {
  return q ? q->value.to_string() + " " + q->unit : "<none>";
}

// "500 mg / 250 mL", or "<none>" when there is no ratio.
inline std::string text(const std::optional<model::Ratio>& r) {
  return r ? text(r->numerator) + " / " + text(r->denominator) : "<none>";
}

}  // namespace titrate::inbound
