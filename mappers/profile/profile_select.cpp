// Which profile applies to a sender: the most specific match wins.
#include "mappers/profile/mapping_profile.h"

namespace titrate::profile {
namespace {

bool is_default(const SenderMatch& m) {
  return m.sending_application.empty() && m.sending_facility.empty() && m.fhir_client.empty();
}

// How well a profile fits an HL7v2 sender: 3 application and facility, 2 application only,
// 1 facility only, 0 the default profile; -1 no fit (including profiles that only name a
// FHIR client).
int hl7v2_specificity(const SenderMatch& m, std::string_view application,
                      std::string_view facility) {
  if (is_default(m)) return 0;
  const bool has_app = !m.sending_application.empty();
  const bool has_facility = !m.sending_facility.empty();
  if (!has_app && !has_facility) return -1;
  if (has_app && m.sending_application != application) return -1;
  if (has_facility && m.sending_facility != facility) return -1;
  return (has_app ? 2 : 0) + (has_facility ? 1 : 0);
}

int fhir_specificity(const SenderMatch& m, std::string_view client) {
  if (is_default(m)) return 0;
  return !m.fhir_client.empty() && m.fhir_client == client ? 1 : -1;
}

// The first profile with the highest specificity; nullptr when none fits.
template <typename Score>
const MappingProfile* best(const std::vector<MappingProfile>& profiles, Score score) {
  const MappingProfile* chosen = nullptr;
  int chosen_score = -1;
  for (const MappingProfile& p : profiles) {
    const int s = score(p.match);
    if (s > chosen_score) {
      chosen = &p;
      chosen_score = s;
    }
  }
  return chosen;
}

}  // namespace

const MappingProfile* select_profile(const std::vector<MappingProfile>& profiles,
                                     std::string_view sending_application,
                                     std::string_view sending_facility) {
  return best(profiles, [&](const SenderMatch& m) {
    return hl7v2_specificity(m, sending_application, sending_facility);
  });
}

const MappingProfile* select_fhir_profile(const std::vector<MappingProfile>& profiles,
                                          std::string_view fhir_client) {
  return best(profiles, [&](const SenderMatch& m) { return fhir_specificity(m, fhir_client); });
}

}  // namespace titrate::profile
