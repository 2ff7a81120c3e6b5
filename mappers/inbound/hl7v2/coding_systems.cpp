#include "mappers/inbound/hl7v2/coding_systems.h"

#include <array>
#include <utility>

#include "mappers/profile/text.h"

namespace titrate::inbound {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kSystems = {{
    {"I10", "http://hl7.org/fhir/sid/icd-10-cm"},
    {"ICD10", "http://hl7.org/fhir/sid/icd-10-cm"},
    {"ICD10CM", "http://hl7.org/fhir/sid/icd-10-cm"},
    {"I9", "http://hl7.org/fhir/sid/icd-9-cm"},
    {"I9C", "http://hl7.org/fhir/sid/icd-9-cm"},
    {"ICD9", "http://hl7.org/fhir/sid/icd-9-cm"},
    {"ICD9CM", "http://hl7.org/fhir/sid/icd-9-cm"},
    {"SCT", "http://snomed.info/sct"},
    {"SNM", kSnomedUri},
    {"SNOMED", kSnomedUri},
    {"LN", kLoincUri},
    {"LOINC", kLoincUri},
    {"RXNORM", kRxNormUri},
    {"RXN", kRxNormUri},
    {"NDC", model::systems::kNdc},
    {"UCUM", model::systems::kUcum},
    {"MDC", model::systems::kMdc},
}};

bool is_hl7_table(std::string_view name) {
  if (name.size() != 7 || !profile::equals_ignore_case(name.substr(0, 3), "HL7")) return false;
  for (char c : name.substr(3)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string coding_system_uri(std::string_view hl7_name) {
  for (const auto& [name, uri] : kSystems) {
    if (profile::equals_ignore_case(name, hl7_name)) return std::string(uri);
  }
  if (is_hl7_table(hl7_name)) {
    return "http://terminology.hl7.org/CodeSystem/v2-" + std::string(hl7_name.substr(3));
  }
  return std::string(hl7_name);
}

}  // namespace titrate::inbound
