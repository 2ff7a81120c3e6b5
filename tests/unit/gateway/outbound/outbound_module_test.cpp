#include "gateway/outbound/outbound_module.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "gateway/model/model_json.h"
#include "gateway/outbound/fhir_index.h"
#include "mappers/outbound/fhir/detected_issue.h"
#include "mappers/outbound/fhir/device.h"
#include "mappers/outbound/fhir/medication_administration.h"
#include "mappers/outbound/fhir/medication_request_status.h"
#include "mappers/outbound/fhir/observation.h"
#include "tests/unit/fake_handler_context.h"
#include "tests/unit/gateway/bus/bus_test_support.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

namespace titrate::outbound {
namespace {

using namespace fhir::test_support;
using store::DatePrefix;
using store::IndexEntry;
using store::IndexKind;
using store::SearchParam;
using store::SearchValue;

constexpr int64_t kMinute = 60'000'000;
constexpr int64_t kNov21 = 1'795'219'200'000'000;      // 2026-11-21T00:00:00Z
constexpr int64_t k0800 = kNov21 + 13 * 60 * kMinute;  // 08:00-05:00

const std::string kMrnOid = "urn:oid:2.16.840.1.113883.19.5";
const std::string kMrn = "http://hospital.example/mrn";
const std::string kOrders = "http://hospital.example/orders";
const std::string kEui64 = "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680";

store::ResourceStoreOptions sqlite_store(const std::string& path) {
  store::ResourceStoreOptions options;
  options.path = path;
  return options;
}

bus::Event event(std::string_view type, std::string id, std::string body) {
  bus::Event e;
  e.type = std::string(type);
  e.event_id = std::move(id);
  e.key = "k";
  e.time = {"2026-11-21T13:00:00.000Z"};
  e.body = std::move(body);
  return e;
}

SearchParam token(std::string param, std::optional<std::string> system, std::string value) {
  SearchValue v;
  v.system = std::move(system);
  v.value = std::move(value);
  return {std::move(param), IndexKind::kToken, {v}};
}

SearchParam date(std::string param, DatePrefix prefix, int64_t low, int64_t high) {
  SearchValue v;
  v.prefix = prefix;
  v.low_us = low;
  v.high_us = high;
  return {std::move(param), IndexKind::kDate, {v}};
}

// The index as comparable tuples, sorted.
using Entry = std::tuple<std::string, IndexKind, std::string, std::string, int64_t, int64_t>;
std::vector<Entry> entries(std::vector<IndexEntry> index) {
  std::vector<Entry> out;
  for (const IndexEntry& e : index) {
    out.emplace_back(e.param, e.kind, e.system, e.value, e.low_us, e.high_us);
  }
  std::sort(out.begin(), out.end());
  return out;
}
Entry tok(std::string param, std::string system, std::string value) {
  return {std::move(param), IndexKind::kToken, std::move(system), std::move(value), 0, 0};
}
Entry when(std::string param, int64_t low, int64_t high) {
  return {std::move(param), IndexKind::kDate, "", "", low, high};
}
std::vector<Entry> sorted(std::vector<Entry> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class OutboundModuleTest : public ::testing::Test {
 protected:
  void deliver(const bus::Event& e) { module_.subscription(topics_).handler(e, context_); }

  void deliver(const model::AdministrationEvent& a, std::string id) {
    deliver(event(bus::event_type::kAdministration, std::move(id), model::to_json(a)));
  }

  std::vector<std::string> ids(const std::string& type, std::vector<SearchParam> params) {
    std::vector<std::string> out;
    for (const auto& r : store_.search(type, params).resources) out.push_back(r.id);
    return out;
  }

  test::TempDir dir_;
  store::ResourceStore store_{sqlite_store(dir_.file("journal.db"))};
  OutboundModule module_{store_};
  bus::Topics topics_;
  test::FakeHandlerContext context_;
};

TEST_F(OutboundModuleTest, SubscribesItsGroupToTheFiveTopics) {
  const bus::Subscription s = module_.subscription(topics_);
  EXPECT_EQ(s.group, "titrate-outbound");
  EXPECT_EQ(s.topics,
            (std::vector<std::string>{topics_.orders, topics_.administrations, topics_.observations,
                                      topics_.alerts, topics_.order_status}));
}

TEST_F(OutboundModuleTest, AdministrationLandsWithItsIndexAndDevice) {
  deliver(running_session(), "j1/adm/0");
  const auto stored = store_.read("MedicationAdministration", "sess-4711");
  ASSERT_TRUE(stored);
  EXPECT_NE(stored->json.find("\"in-progress\""), std::string::npos);

  const std::vector<std::string> one{"sess-4711"};
  const std::string type = "MedicationAdministration";
  EXPECT_EQ(ids(type, {token("patient", kMrnOid, "MRN-1")}), one);
  EXPECT_EQ(ids(type, {token("subject", kMrnOid, "MRN-1")}), one);
  EXPECT_EQ(ids(type, {token("status", "", "in-progress")}), one);
  EXPECT_EQ(ids(type, {token("request", kOrders, "ORD-77")}), one);
  EXPECT_EQ(ids(type, {token("device", kEui64, std::string(kPump))}), one);
  // Open period: [08:00, 08:00 + 1us).
  EXPECT_EQ(ids(type, {date("effective-time", DatePrefix::kEq, k0800, k0800 + 1)}), one);
  EXPECT_TRUE(ids(type, {token("status", "", "completed")}).empty());

  const auto device = store_.read("Device", std::string(kPump));
  ASSERT_TRUE(device);
  EXPECT_EQ(ids("Device", {token("identifier", kEui64, std::string(kPump))}),
            std::vector<std::string>{std::string(kPump)});
  EXPECT_EQ(ids("Device", {token("type", "urn:iso:std:iso:11073:10101", "69985")}),
            std::vector<std::string>{std::string(kPump)});
  EXPECT_EQ(module_.stats().written, 1u);
}

TEST_F(OutboundModuleTest, IndexEntriesAreExactlyTheContract) {
  model::AdministrationEvent done = running_session();
  done.state = model::SessionState::kCompleted;
  const auto ma = fhir::map_medication_administration(done);
  ASSERT_TRUE(ma);
  EXPECT_EQ(entries(index_entries(*ma)),
            sorted({tok("patient", kMrnOid, "MRN-1"), tok("subject", kMrnOid, "MRN-1"),
                    tok("status", "", "completed"), tok("request", kOrders, "ORD-77"),
                    tok("device", kEui64, std::string(kPump)),
                    when("effective-time", k0800, k0800 + 35 * kMinute)}));

  const int64_t t0830 = k0800 + 30 * kMinute;
  EXPECT_EQ(entries(index_entries(fhir::map_observation(heart_rate()))),
            sorted({tok("patient", kMrn, "MRN-1"), tok("subject", kMrn, "MRN-1"),
                    tok("category", "http://terminology.hl7.org/CodeSystem/observation-category",
                        "vital-signs"),
                    tok("code", "http://loinc.org", "8867-4"),
                    tok("code", "urn:iso:std:iso:11073:10101", "147842"),
                    tok("device", "http://fhir.titrate.dev/sid/device", "monitor-7"),
                    when("date", t0830, t0830 + 1)}));

  EXPECT_EQ(entries(index_entries(fhir::map_medication_request_status(held_order()))),
            sorted({tok("identifier", kOrders, "ORD-77"),
                    tok("identifier", "http://fhir.titrate.dev/sid/filler", "F-1"),
                    tok("patient", kMrn, "MRN-1"), tok("status", "", "on-hold")}));

  const int64_t t0840 = k0800 + 40 * kMinute;
  EXPECT_EQ(entries(index_entries(fhir::map_detected_issue(rate_alert()))),
            sorted({tok("patient", kMrn, "MRN-1"),
                    tok("code", "http://fhir.titrate.dev/CodeSystem/alert", "rate-mismatch"),
                    when("identified", t0840, t0840 + 1)}));

  EXPECT_EQ(entries(index_entries(fhir::map_device("pump 7", ""))),
            sorted({tok("identifier", "http://fhir.titrate.dev/sid/device", "pump 7")}));
}

TEST_F(OutboundModuleTest, ObservationAlertAndOrderStatusLandSearchable) {
  deliver(event(bus::event_type::kObservation, "j2/obs", model::to_json(blood_pressure())));
  deliver(event(bus::event_type::kAlert, "j3/alert", model::to_json(rate_alert())));
  deliver(event(bus::event_type::kOrderStatus, "j4/status", model::to_json(held_order())));

  EXPECT_EQ(ids("Observation",
                {token("code", "http://loinc.org", "85354-9"), token("patient", kMrn, "MRN-1")}),
            std::vector<std::string>{"obs-bp-1"});
  const int64_t t0830 = k0800 + 30 * kMinute;
  EXPECT_EQ(ids("Observation", {date("date", DatePrefix::kGe, t0830, t0830 + 1)}).size(), 1u);
  EXPECT_TRUE(ids("Observation", {date("date", DatePrefix::kGt, t0830 + 1, t0830 + 2)}).empty());

  EXPECT_EQ(ids("DetectedIssue", {token("code", std::nullopt, "rate-mismatch")}),
            std::vector<std::string>{"alert-1"});
  EXPECT_EQ(ids("MedicationRequest",
                {token("identifier", kOrders, "ORD-77"), token("status", "", "on-hold")}),
            std::vector<std::string>{"ORD-77"});
  // The monitor is named by the observation, the pump by the alert; neither says its kind.
  EXPECT_TRUE(store_.read("Device", "monitor-7"));
  EXPECT_TRUE(store_.read("Device", std::string(kPump)));
  EXPECT_EQ(module_.stats().written, 3u);
}

TEST_F(OutboundModuleTest, RedeliveryWritesNoNewVersion) {
  const bus::Event e =
      event(bus::event_type::kAdministration, "j1/adm/0", model::to_json(running_session()));
  deliver(e);
  deliver(e);
  EXPECT_EQ(store_.history("MedicationAdministration", "sess-4711").size(), 1u);
  EXPECT_EQ(store_.history("Device", std::string(kPump)).size(), 1u);
  EXPECT_EQ(module_.stats().written, 1u);
  EXPECT_EQ(module_.stats().unchanged, 1u);
}

TEST_F(OutboundModuleTest, SessionGetsNewVersionsAsItProgresses) {
  model::AdministrationEvent a = running_session();
  a.action = model::AdministrationAction::kStart;
  a.sequence = 1;
  a.time = a.started;
  deliver(a, "j1/adm");
  a.action = model::AdministrationAction::kComplete;
  a.state = model::SessionState::kCompleted;
  a.sequence = 2;
  a.time = {"2026-11-21T09:00:00-05:00"};
  deliver(a, "j2/adm");

  const auto history = store_.history("MedicationAdministration", "sess-4711");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_NE(history[0].json.find("\"completed\""), std::string::npos);
  EXPECT_NE(history[1].json.find("\"in-progress\""), std::string::npos);
  const std::string type = "MedicationAdministration";
  EXPECT_TRUE(ids(type, {token("status", "", "in-progress")}).empty());
  EXPECT_EQ(ids(type, {token("status", "", "completed")}).size(), 1u);
  // The closed period covers 08:00..09:00.
  EXPECT_EQ(ids(type, {date("effective-time", DatePrefix::kGe, k0800 + 59 * kMinute,
                            k0800 + 60 * kMinute)})
                .size(),
            1u);
  EXPECT_TRUE(ids(type, {date("effective-time", DatePrefix::kGt, k0800 + 61 * kMinute,
                              k0800 + 62 * kMinute)})
                  .empty());
}

TEST_F(OutboundModuleTest, DeviceTypeFromAnAdministrationIsNotOverwritten) {
  deliver(running_session(), "j1/adm");
  deliver(event(bus::event_type::kAlert, "j2/alert", model::to_json(rate_alert())));
  EXPECT_EQ(store_.history("Device", std::string(kPump)).size(), 1u);
  EXPECT_EQ(ids("Device", {token("type", std::nullopt, "69985")}).size(), 1u);
}

TEST_F(OutboundModuleTest, RejectedDeclinedAndUnreadableEventsAreSkipped) {
  model::AdministrationEvent no_session = running_session();
  no_session.session_id.clear();  // the mapper throws OutboundFhirError
  model::AdministrationEvent programmed = running_session();
  programmed.state = model::SessionState::kProgrammed;  // the mapper declines
  EXPECT_NO_THROW(deliver(no_session, "j1/adm"));
  EXPECT_NO_THROW(deliver(programmed, "j2/adm"));
  EXPECT_NO_THROW(deliver(event(bus::event_type::kObservation, "j3/obs", R"({"nope":)")));
  EXPECT_NO_THROW(deliver(event(bus::event_type::kPumpEvent, "j4/pump", "{}")));
  EXPECT_EQ(module_.stats().skipped, 4u);
  EXPECT_EQ(module_.stats().written, 0u);
  EXPECT_FALSE(store_.read("MedicationAdministration", "sess-4711"));
  // Nothing partial: the device of a rejected event is not written either.
  EXPECT_FALSE(store_.read("Device", std::string(kPump)));
  EXPECT_TRUE(context_.published.empty());
}

}  // namespace
}  // namespace titrate::outbound
