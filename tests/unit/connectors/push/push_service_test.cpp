#include "connectors/push/push_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "../../gateway/bus/bus_test_support.h"
#include "connectors/push/hl7v2_push_messages.h"
#include "gateway/model/model_json.h"

namespace titrate::push {
namespace {

// Records what each destination was sent; always delivered.
struct Sent {
  std::mutex mutex;
  std::vector<std::string> items;  // "destination type/id/version"
};

class RecordingTransport : public PushTransport {
 public:
  explicit RecordingTransport(std::shared_ptr<Sent> sent) : sent_(std::move(sent)) {}
  DeliveryResult deliver(const OutboxItem& item) override {
    std::lock_guard lock(sent_->mutex);
    sent_->items.push_back(item.destination + " " + item.resource_type + "/" + item.resource_id +
                           "/" + std::to_string(item.version));
    return {DeliveryOutcome::kDelivered, "HTTP 200"};
  }

 private:
  std::shared_ptr<Sent> sent_;
};

config::PushDestinationConfig fhir_destination(std::string name,
                                               std::vector<std::string> types = {}) {
  config::PushDestinationConfig d;
  d.name = std::move(name);
  d.base_url = "http://127.0.0.1:1/fhir";
  d.resource_types = std::move(types);
  return d;
}

store::ResourceWrite write(std::string type, std::string id) {
  return {std::move(type), std::move(id), "{\"resourceType\":\"x\"}", {}};
}

store::PutResult version(int64_t v) {
  store::PutResult r;
  r.version = v;
  return r;
}

class PushServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<PushService> service(std::vector<config::PushDestinationConfig> destinations) {
    return std::make_unique<PushService>(std::move(destinations), dir_.file("journal.db"),
                                         [sent = sent_](const config::PushDestinationConfig&) {
                                           return std::make_unique<RecordingTransport>(sent);
                                         });
  }
  std::vector<std::string> sent() {
    std::lock_guard lock(sent_->mutex);
    return sent_->items;
  }

  test::TempDir dir_;
  std::shared_ptr<Sent> sent_ = std::make_shared<Sent>();
};

TEST_F(PushServiceTest, EnqueuesEachAcceptedResourceAtItsStoredVersionDevicesFirst) {
  auto push = service({fhir_destination("all"), fhir_destination("vitals", {"Observation"})});
  const outbound::WriteListener listener = push->listener();
  const bus::Event event = test::make_event("j1/pump/0/obs");
  listener(event, {write("Observation", "o1"), write("Device", "pump-1")},
           {version(2), version(1)});

  std::vector<std::string> listed;
  for (const store::OutboxRow& r : push->outbox().list({})) {
    listed.push_back(r.destination + " " + r.resource_type + "/" + r.resource_id + "/" +
                     std::to_string(r.version));
  }
  EXPECT_EQ(listed, (std::vector<std::string>{"all Device/pump-1/1", "all Observation/o1/2",
                                              "vitals Observation/o1/2"}));

  // The bus delivering the event again (the store answers with the same versions).
  listener(event, {write("Observation", "o1"), write("Device", "pump-1")},
           {version(2), version(1)});
  EXPECT_EQ(push->outbox().list({}).size(), 3u);

  push->start();
  ASSERT_TRUE(test::eventually([&] { return sent().size() == 3; }));
  std::vector<std::string> all_sent = sent();
  std::sort(all_sent.begin(), all_sent.end());
  EXPECT_EQ(all_sent, (std::vector<std::string>{"all Device/pump-1/1", "all Observation/o1/2",
                                                "vitals Observation/o1/2"}));
  push->stop();
  const std::vector<PushDestinationStats> stats = push->stats();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].worker.delivered, 2u);
  EXPECT_EQ(stats[0].pending, 0u);
}

TEST_F(PushServiceTest, AnHl7v2DestinationGetsAnOrrO02WithAControlIdStableForTheEvent) {
  config::PushDestinationConfig hl7;
  hl7.name = "his";
  hl7.type = "hl7v2";
  hl7.host = "127.0.0.1";
  hl7.port = 1;
  hl7.receiving_application = "HIS";
  auto push = service({hl7});

  model::OrderStatusUpdate update;
  update.placer = {"urn:titrate:authority:NORTHCLINIC", "ORD100", "PLAC", "NORTHCLINIC"};
  update.patient_id = {"urn:titrate:authority:NORTHCLINIC", "MRN100", "MR", "NORTHCLINIC"};
  update.state = model::OrderState::kAccepted;
  update.time.value = "2026-11-21T08:30:00.000Z";
  bus::Event event = test::make_event("j7/order/0/plan/status", model::to_json(update));
  event.type = std::string(bus::event_type::kOrderStatus);

  const outbound::WriteListener listener = push->listener();
  listener(event, {write("MedicationRequest", "mr-1")}, {version(1)});
  listener(event, {write("MedicationRequest", "mr-1")}, {version(1)});  // redelivered
  const std::vector<store::OutboxRow> rows = push->outbox().list({});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].kind, "hl7v2");
  EXPECT_EQ(rows[0].resource_type, "ORR^O02");
  EXPECT_EQ(rows[0].resource_id, hl7v2_control_id("j7/order/0/plan/status"));
  EXPECT_EQ(rows[0].version, 0);
  EXPECT_EQ(hl7v2_control_id("j7/order/0/plan/status").size(), 17u);
  EXPECT_NE(hl7v2_control_id("j7/order/0/plan/status"),
            hl7v2_control_id("j7/order/0/plan/status2"));

  // Observations are not sent to HL7v2 destinations.
  bus::Event observation = test::make_event("j8/obs");
  observation.type = std::string(bus::event_type::kObservation);
  listener(observation, {write("Observation", "o1")}, {version(1)});
  EXPECT_EQ(push->outbox().list({}).size(), 1u);
}

TEST_F(PushServiceTest, TheOrrPayloadNamesTheDestinationAndTheControlId) {
  config::PushDestinationConfig hl7;
  hl7.name = "his";
  hl7.type = "hl7v2";
  hl7.receiving_application = "HISAPP";
  model::OrderStatusUpdate update;
  update.placer = {"urn:titrate:authority:NORTHCLINIC", "ORD100", "PLAC", "NORTHCLINIC"};
  update.patient_id = {"urn:titrate:authority:NORTHCLINIC", "MRN100", "MR", "NORTHCLINIC"};
  update.time.value = "2026-11-21T08:30:00.000Z";
  bus::Event event = test::make_event("j7/order/0/plan/status", model::to_json(update));
  event.type = std::string(bus::event_type::kOrderStatus);
  const std::optional<store::OutboxEntry> entry = hl7v2_outbox_entry(event, hl7);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->payload.rfind("MSH|", 0), 0u);
  EXPECT_NE(entry->payload.find("|HISAPP|"), std::string::npos);
  EXPECT_NE(entry->payload.find("|" + entry->resource_id + "|"), std::string::npos);
  EXPECT_NE(entry->payload.find("ORR^O02"), std::string::npos);
}

}  // namespace
}  // namespace titrate::push
