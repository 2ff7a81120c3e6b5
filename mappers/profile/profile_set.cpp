#include "mappers/profile/profile_set.h"

namespace titrate::profile {
namespace {

bool has_hl7v2_match(const SenderMatch& m) {
  return !m.sending_application.empty() || !m.sending_facility.empty();
}

std::string describe(const MappingProfile& p) {
  return p.file + " (profile \"" + p.name + "\")";
}

}  // namespace

bool is_default_profile(const MappingProfile& profile) {
  const SenderMatch& m = profile.match;
  return m.sending_application.empty() && m.sending_facility.empty() && m.fhir_client.empty();
}

std::vector<ProfileError> check_profile_set(const std::vector<MappingProfile>& profiles) {
  std::vector<ProfileError> errors;
  for (size_t i = 0; i < profiles.size(); ++i) {
    const MappingProfile& p = profiles[i];
    for (size_t k = 0; k < i; ++k) {
      const MappingProfile& earlier = profiles[k];
      if (p.name == earlier.name) {
        errors.push_back(
            {p.file, "/name", "profile name \"" + p.name + "\" is also used by " + earlier.file});
      }
      if (is_default_profile(p) && is_default_profile(earlier)) {
        errors.push_back({p.file, "/match",
                          "more than one default profile (no match members): " + describe(earlier) +
                              " is one already"});
        continue;
      }
      if (p.match == earlier.match) {
        errors.push_back({p.file, "/match", "same match as " + describe(earlier)});
        continue;
      }
      if (has_hl7v2_match(p.match) &&
          p.match.sending_application == earlier.match.sending_application &&
          p.match.sending_facility == earlier.match.sending_facility) {
        errors.push_back({p.file, "/match",
                          "same sending_application and sending_facility as " + describe(earlier) +
                              ": HL7v2 messages could not tell them apart"});
      }
      if (!p.match.fhir_client.empty() && p.match.fhir_client == earlier.match.fhir_client) {
        errors.push_back(
            {p.file, "/match/fhir_client", "same fhir_client as " + describe(earlier)});
      }
    }
  }
  return errors;
}

}  // namespace titrate::profile
