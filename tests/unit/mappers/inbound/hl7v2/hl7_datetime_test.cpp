#include "mappers/inbound/hl7v2/hl7_datetime.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace titrate::inbound {
namespace {

profile::TimestampPolicy utc() {
  return {};
}

profile::TimestampPolicy reject() {
  profile::TimestampPolicy p;
  p.reject_without_offset = true;
  return p;
}

std::optional<profile::TimeZone> chicago() {
  std::ifstream in("/usr/share/zoneinfo/America/Chicago", std::ios::binary);
  if (!in) return std::nullopt;
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return profile::TimeZone::from_tzif(bytes, "America/Chicago");
}

std::string converted(std::string_view dtm, const profile::TimestampPolicy& policy = {}) {
  const DtmResult r = to_fhir_datetime(dtm, policy);
  return r.status == DtmStatus::kOk ? r.value.value : "<error>";
}

TEST(Hl7MapDateTime, DatePrecisionIsKept) {
  EXPECT_EQ(converted("1970"), "1970");
  EXPECT_EQ(converted("197004"), "1970-04");
  EXPECT_EQ(converted("19700412"), "1970-04-12");
  EXPECT_EQ(converted("19700412+0100"), "1970-04-12");  // a FHIR date carries no offset
}

TEST(Hl7MapDateTime, TimeWithOffsetKeepsIt) {
  EXPECT_EQ(converted("20261121083000-0500"), "2026-11-21T08:30:00-05:00");
  EXPECT_EQ(converted("20261121083000.25+0530"), "2026-11-21T08:30:00.25+05:30");
  EXPECT_EQ(converted("20261121083000-0000"), "2026-11-21T08:30:00-00:00");
  // FHIR requires seconds once there is a time: minute and hour precision are padded.
  EXPECT_EQ(converted("202611210830+0100"), "2026-11-21T08:30:00+01:00");
  EXPECT_EQ(converted("2026112108+0100"), "2026-11-21T08:00:00+01:00");
}

TEST(Hl7MapDateTime, TimeWithoutOffsetTakesTheProfileZone) {
  EXPECT_EQ(converted("20261121083000", utc()), "2026-11-21T08:30:00+00:00");
  profile::TimestampPolicy fixed;
  fixed.zone = profile::TimeZone::fixed(-330, "-05:30");
  EXPECT_EQ(converted("202611210830", fixed), "2026-11-21T08:30:00-05:30");
}

TEST(Hl7MapDateTime, ZoneWithDaylightSaving) {
  const std::optional<profile::TimeZone> zone = chicago();
  if (!zone) GTEST_SKIP() << "no /usr/share/zoneinfo/America/Chicago";
  profile::TimestampPolicy p;
  p.zone = *zone;
  EXPECT_EQ(converted("202607160830", p), "2026-07-16T08:30:00-05:00");  // CDT
  EXPECT_EQ(converted("202611210830", p), "2026-11-21T08:30:00-06:00");  // CST
  // 2026-03-08 02:30 does not exist (gap) and 2026-11-01 01:30 happens twice (overlap): the
  // offset before the change applies to both.
  EXPECT_EQ(converted("202603080230", p), "2026-03-08T02:30:00-06:00");
  EXPECT_EQ(converted("202611010130", p), "2026-11-01T01:30:00-05:00");
  // An explicit offset is never replaced by the zone's.
  EXPECT_EQ(converted("202607160830+0000", p), "2026-07-16T08:30:00+00:00");
}

TEST(Hl7MapDateTime, RejectWithoutOffset) {
  EXPECT_EQ(to_fhir_datetime("202607160830", reject()).status, DtmStatus::kMissingOffset);
  EXPECT_EQ(converted("202607160830-0500", reject()), "2026-07-16T08:30:00-05:00");
  EXPECT_EQ(converted("20260716", reject()), "2026-07-16");  // a date needs no offset
}

TEST(Hl7MapDateTime, MalformedValues) {
  for (std::string_view bad :
       {"", "26", "202", "19700", "20261321", "20260230", "20261121250000", "20261121086000",
        "20261121083060", "2026112108300", "20261121083000-05", "20261121083000+1500",
        "20261121083000-0560", "20261121083000.", "202611210830.5", "2026-11-21", "1970041A",
        "20261121083000-0500x", "202611+0100x"}) {
    EXPECT_EQ(to_fhir_datetime(bad, utc()).status, DtmStatus::kMalformed) << bad;
  }
  EXPECT_EQ(converted("20240229"), "2024-02-29");  // leap day
  EXPECT_EQ(converted("2026+0100"), "2026");
}

TEST(Hl7MapDateTime, DateOnlyDropsTheTime) {
  EXPECT_EQ(to_fhir_date("19700412093000").value.value, "1970-04-12");
  EXPECT_EQ(to_fhir_date("197004").value.value, "1970-04");
  EXPECT_EQ(to_fhir_date("19700412093000").status, DtmStatus::kOk);  // no offset needed
  EXPECT_EQ(to_fhir_date("19701312").status, DtmStatus::kMalformed);
}

}  // namespace
}  // namespace titrate::inbound
