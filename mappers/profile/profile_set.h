#pragma once

#include <vector>

#include "mappers/profile/mapping_profile.h"

namespace titrate::profile {

// A profile with no match members: it applies to any sender no other profile matches.
bool is_default_profile(const MappingProfile& profile);

// Mistakes of a set of profiles that no single file shows, each reported against the later
// profile (in vector order) and naming the earlier one's file: two profiles with the same name,
// the same HL7v2 sender match (application and facility), the same FHIR client, or more than
// one default profile. A set without such mistakes makes select_profile and
// select_fhir_profile unambiguous.
std::vector<ProfileError> check_profile_set(const std::vector<MappingProfile>& profiles);

}  // namespace titrate::profile
