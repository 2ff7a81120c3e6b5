#pragma once

#include <string_view>

#include "gateway/model/values.h"
#include "mappers/profile/mapping_profile.h"

// HL7 v2 DTM -> FHIR dateTime text.
//
// DTM is YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]. The date precision is kept ("1970",
// "1970-04", "1970-04-12"). A value with a time of day always gets seconds and an offset,
// because FHIR dateTime requires both once there is a time: "202611210830" becomes
// "2026-11-21T08:30:00" plus the offset. A time without an offset takes the offset of the
// profile's zone at that wall-clock time, or is refused when the profile says so. A date
// with an offset drops the offset (a FHIR date has none).
namespace titrate::inbound {

enum class DtmStatus {
  kOk,
  kMalformed,      // not a DTM, or an impossible date/time/offset
  kMissingOffset,  // a time without offset under reject_without_offset
};

struct DtmResult {
  DtmStatus status = DtmStatus::kOk;
  model::DateTime value;
};

DtmResult to_fhir_datetime(std::string_view dtm, const profile::TimestampPolicy& policy);

// The date part only (birth dates, allergy identification dates): "19700412093000" ->
// "1970-04-12". Never needs an offset.
DtmResult to_fhir_date(std::string_view dtm);

}  // namespace titrate::inbound
