// The outbound module's seams: the check that runs before a resource is stored and the
// listeners told about stored writes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gateway/model/model_json.h"
#include "gateway/outbound/outbound_module.h"
#include "tests/unit/fake_handler_context.h"
#include "tests/unit/gateway/bus/bus_test_support.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

namespace titrate::outbound {
namespace {

bus::Event administration_event(std::string id) {
  bus::Event e;
  e.type.assign(bus::event_type::kAdministration);
  e.event_id = std::move(id);
  e.key = "k";
  e.time = {"2026-11-21T13:00:00.000Z"};
  e.body = model::to_json(fhir::test_support::running_session());
  return e;
}

store::ResourceStoreOptions sqlite_store(const std::string& path) {
  store::ResourceStoreOptions options;
  options.path = path;
  return options;
}

class OutboundValidationTest : public ::testing::Test {
 protected:
  void deliver(OutboundModule& module, const bus::Event& e) {
    module.subscription(topics_).handler(e, context_);
  }

  test::TempDir dir_;
  store::ResourceStore store_{sqlite_store(dir_.file("journal.db"))};
  bus::Topics topics_;
  test::FakeHandlerContext context_;
};

TEST_F(OutboundValidationTest, AResourceFailingTheCheckIsNotStoredAndTheEventIsDeadLettered) {
  std::vector<std::string> checked;
  OutboundModule module(store_, [&](const store::ResourceWrite& w) {
    checked.push_back(w.type);
    return w.type == "Device" ? std::vector<std::string>{"/type: expected 1..1, found 0"}
                              : std::vector<std::string>{};
  });
  EXPECT_THROW(deliver(module, administration_event("j1/adm/0")), bus::PermanentError);
  EXPECT_EQ(checked, (std::vector<std::string>{"MedicationAdministration", "Device"}));
  // All or nothing: the valid MedicationAdministration of the same event is not stored either.
  EXPECT_FALSE(store_.read("MedicationAdministration", "sess-4711"));
  EXPECT_EQ(module.stats().invalid, 1u);
  EXPECT_EQ(module.stats().written, 0u);
}

TEST_F(OutboundValidationTest, ResourcesPassingTheCheckAreStoredAndListenersSeeThem) {
  OutboundModule module(store_,
                        [](const store::ResourceWrite&) { return std::vector<std::string>{}; });
  std::vector<std::string> seen;
  module.add_listener([&](const bus::Event& e, const std::vector<store::ResourceWrite>& writes,
                          const std::vector<store::PutResult>& results) {
    ASSERT_EQ(writes.size(), results.size());
    for (size_t i = 0; i < writes.size(); ++i) {
      seen.push_back(e.event_id + " " + writes[i].type + " v" + std::to_string(results[i].version) +
                     (results[i].changed ? "" : " same"));
    }
  });
  deliver(module, administration_event("j1/adm/0"));
  deliver(module, administration_event("j1/adm/0"));  // redelivered: listeners called again
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "j1/adm/0 MedicationAdministration v1", "j1/adm/0 Device v1",
                      "j1/adm/0 MedicationAdministration v1 same", "j1/adm/0 Device v1 same"}));
  EXPECT_TRUE(store_.read("MedicationAdministration", "sess-4711"));
  EXPECT_EQ(module.stats().invalid, 0u);
}

TEST_F(OutboundValidationTest, AListenerThatThrowsMakesTheHandlerThrow) {
  OutboundModule module(store_);
  module.add_listener(
      [](const bus::Event&, const std::vector<store::ResourceWrite>&,
         const std::vector<store::PutResult>&) { throw std::runtime_error("outbox unavailable"); });
  EXPECT_THROW(deliver(module, administration_event("j1/adm/0")), std::runtime_error);
}

}  // namespace
}  // namespace titrate::outbound
