#include "dosing/dosing_module.h"

#include <gtest/gtest.h>

#include <vector>

#include "gateway/model/model_json.h"
#include "tests/unit/dosing/dosing_test_support.h"
#include "tests/unit/fake_handler_context.h"

namespace titrate::dosing::test {
namespace {

using model::OrderAction;
using model::OrderState;

using FakeContext = titrate::test::FakeHandlerContext;

constexpr const char* kKey = "urn:oid:9.9|MRN1";

class DosingModuleTest : public ::testing::Test {
 protected:
  DosingModuleTest()
      : module_(default_library(), [this] { return now_; }),
        subscription_(module_.subscription(topics_)) {}

  void send(const std::string& type, const std::string& id, std::string body) {
    bus::Event e;
    e.type = type;
    e.event_id = id;
    e.key = kKey;
    e.source.channel = "ehr-mllp";
    e.source.control_id = "MSG" + id;
    e.time = model::DateTime{"2026-11-21T08:59:00Z"};
    e.body = std::move(body);
    context_.published.clear();
    subscription_.handler(e, context_);
  }
  void send_patient(const std::string& id, const model::PatientContext& p) {
    send("patient-context", id, model::to_json(p));
  }
  void send_order(const std::string& id, model::InfusionOrder o, OrderAction action) {
    o.action = action;
    send("infusion-order", id, model::to_json(o));
  }

  // The statuses published by the last input, decoded.
  std::vector<model::OrderStatusUpdate> statuses() const {
    std::vector<model::OrderStatusUpdate> out;
    for (const auto& [topic, e] : context_.published) {
      if (e.type != "order-status") continue;
      EXPECT_EQ(topic, topics_.order_status);
      std::optional<model::OrderStatusUpdate> s = model::order_status_from_json(e.body, nullptr);
      EXPECT_TRUE(s) << e.body;
      if (s) out.push_back(*s);
    }
    return out;
  }
  std::vector<model::DosingPlan> plans() const {
    std::vector<model::DosingPlan> out;
    for (const auto& [topic, e] : context_.published) {
      if (e.type != "dosing-plan") continue;
      EXPECT_EQ(topic, topics_.plans);
      std::optional<model::DosingPlan> p = model::dosing_plan_from_json(e.body, nullptr);
      EXPECT_TRUE(p) << e.body;
      if (p) out.push_back(*p);
    }
    return out;
  }
  OrderState last_state() const {
    const auto s = statuses();
    EXPECT_EQ(s.size(), 1u);
    return s.empty() ? OrderState::kCompleted : s.back().state;
  }
  OrderBook book() {
    std::optional<std::string> json = context_.get_state(kOrdersSpace, kKey);
    EXPECT_TRUE(json);
    return json ? *decode_order_book(*json, nullptr) : OrderBook{};
  }

  bus::Topics topics_;
  int64_t now_ = at(kNow);
  DosingModule module_;
  bus::Subscription subscription_;
  FakeContext context_;
};

TEST_F(DosingModuleTest, SubscribesTheDosingGroupToOrders) {
  EXPECT_EQ(subscription_.group, "titrate-dosing");
  EXPECT_EQ(subscription_.topics, std::vector<std::string>{topics_.orders});
}

TEST_F(DosingModuleTest, NewOrderPublishesAPlanAndAStatus) {
  model::PatientContext p = patient("80");
  p.name.family = "Doe";  // not kept by the module
  p.visit = model::Visit{};
  p.visit->location = model::Location{"INF", "2", "B", ""};
  send_patient("j1/patient", p);
  EXPECT_TRUE(context_.published.empty());
  const std::string stored = *context_.get_state(kPatientSpace, kKey);
  EXPECT_EQ(stored.find("Doe"), std::string::npos);

  send_order("j2/order/0", mh_order(), OrderAction::kNew);
  ASSERT_EQ(context_.published.size(), 2u);
  const bus::Event& plan_event = context_.published[0].event;
  EXPECT_EQ(plan_event.type, "dosing-plan");
  EXPECT_EQ(plan_event.event_id, "j2/order/0/plan");
  EXPECT_EQ(plan_event.key, kKey);
  EXPECT_EQ(plan_event.source.control_id, "MSGj2/order/0");
  EXPECT_EQ(plan_event.time.value, "2026-11-21T09:00:00.000Z");
  EXPECT_EQ(context_.published[1].event.event_id, "j2/order/0/status");

  const auto plan = plans();
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].plan_id, "urn:oid:1.2.3|ORD1#v1#1");
  EXPECT_EQ(plan[0].location, "INF^2^B");
  EXPECT_EQ(plan[0].infusion_rate.value, qty("60.0", "mL/h"));
  const auto status = statuses();
  EXPECT_EQ(status[0].state, OrderState::kAccepted);
  EXPECT_EQ(status[0].plan_id, plan[0].plan_id);
  EXPECT_EQ(book().infusions.size(), 1u);
}

TEST_F(DosingModuleTest, HeldForWeightThenReleasedWhenTheWeightArrives) {
  send_order("j1/order/0", mh_order(), OrderAction::kNew);
  ASSERT_EQ(last_state(), OrderState::kHeld);
  EXPECT_EQ(codes(statuses()[0]), "weight-missing");
  EXPECT_TRUE(plans().empty());

  model::PatientContext height_only = patient(nullptr);
  model::BodyMeasurement h = weight("170", "cm");
  h.kind = model::BodyMeasurement::Kind::kHeight;
  height_only.measurements.push_back(h);
  send_patient("j2/patient", height_only);
  ASSERT_EQ(last_state(), OrderState::kHeld);  // evaluated again, still no weight

  send_patient("j3/patient", patient("70"));
  ASSERT_EQ(context_.published.size(), 2u);
  EXPECT_EQ(context_.published[0].event.event_id, "j3/patient/plan/urn:oid:1.2.3|ORD1");
  EXPECT_EQ(context_.published[1].event.event_id, "j3/patient/status/urn:oid:1.2.3|ORD1");
  EXPECT_EQ(plans()[0].dose.value, qty("35", "mg"));

  // An accepted order is not evaluated again by a later weight.
  send_patient("j4/patient", patient("71"));
  EXPECT_TRUE(context_.published.empty());
}

TEST_F(DosingModuleTest, ChangeMakesANewVersionAndReplacesThePlan) {
  send_patient("j1/patient", patient("80"));
  send_order("j2/order/0", mh_order("0.5"), OrderAction::kNew);
  send_order("j3/order/0", mh_order("0.6"), OrderAction::kChange);
  const auto plan = plans();
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].plan_id, "urn:oid:1.2.3|ORD1#v2#1");
  EXPECT_EQ(plan[0].dose.value, qty("48", "mg"));
  const OrderBook b = book();
  ASSERT_EQ(b.infusions.size(), 1u);  // the v1 plan no longer counts
  EXPECT_EQ(b.infusions[0].mg, dec("48"));
  EXPECT_EQ(b.orders[0].version, 2);
}

TEST_F(DosingModuleTest, RepeatedNewOrderPlansTheNextInfusionOfTheSeries) {
  send_patient("j1/patient", patient("80"));
  model::InfusionOrder o = mh_order();
  o.timing.count = 2;
  send_order("j2/order/0", o, OrderAction::kNew);
  EXPECT_EQ(plans()[0].infusion_number, 1);

  now_ += 23 * 3600 * int64_t{1'000'000};  // library minimum: 24 h between infusions
  send_order("j3/order/0", o, OrderAction::kNew);
  ASSERT_EQ(last_state(), OrderState::kRejected);
  EXPECT_EQ(codes(statuses()[0]), "infusion-interval");

  now_ += 3600 * int64_t{1'000'000};
  send_order("j4/order/0", o, OrderAction::kNew);
  const auto plan = plans();
  ASSERT_EQ(plan.size(), 1u) << codes(statuses()[0]);
  EXPECT_EQ(plan[0].plan_id, "urn:oid:1.2.3|ORD1#v1#2");
  EXPECT_EQ(plan[0].infusion_number, 2);
  EXPECT_EQ(plan[0].series_total, 2);

  now_ += 48 * 3600 * int64_t{1'000'000};
  send_order("j5/order/0", o, OrderAction::kNew);
  EXPECT_EQ(codes(statuses()[0]), "series-complete");
  EXPECT_EQ(statuses()[0].infusion_number, 3);
}

TEST_F(DosingModuleTest, CancelDiscontinueHoldAndClosedOrders) {
  send_patient("j1/patient", patient("80"));
  send_order("j2/order/0", mh_order(), OrderAction::kNew);
  send_order("j3/order/0", mh_order(), OrderAction::kCancel);
  EXPECT_EQ(last_state(), OrderState::kCancelled);
  EXPECT_EQ(context_.published[0].event.event_id, "j3/order/0/status");
  EXPECT_TRUE(book().infusions.empty());  // not started: does not count

  send_order("j4/order/0", mh_order(), OrderAction::kRelease);
  EXPECT_EQ(codes(statuses()[0]), "order-closed");
  send_order("j5/order/0", mh_order(), OrderAction::kNew);
  EXPECT_EQ(codes(statuses()[0]), "order-closed");

  model::InfusionOrder other = mh_order();
  other.placer.value = "ORD2";
  send_order("j6/order/0", other, OrderAction::kDiscontinue);
  EXPECT_EQ(last_state(), OrderState::kDiscontinued);
  other.placer.value = "ORD3";
  send_order("j7/order/0", other, OrderAction::kHold);
  EXPECT_EQ(last_state(), OrderState::kOnHold);
}

TEST_F(DosingModuleTest, HoldThenReleaseReissuesTheSamePlan) {
  send_patient("j1/patient", patient("80"));
  send_order("j2/order/0", mh_order(), OrderAction::kNew);
  send_order("j3/order/0", mh_order(), OrderAction::kHold);
  EXPECT_EQ(last_state(), OrderState::kOnHold);
  send_order("j4/order/0", mh_order(), OrderAction::kRelease);
  ASSERT_EQ(plans().size(), 1u);
  EXPECT_EQ(plans()[0].plan_id, "urn:oid:1.2.3|ORD1#v1#1");
  EXPECT_EQ(book().infusions.size(), 1u);
}

TEST_F(DosingModuleTest, ReleaseWithAnOverrideAcceptsASoftLimitHold) {
  send_patient("j1/patient", patient("80"));
  send_order("j2/order/0", mh_order("0.8"), OrderAction::kNew);
  ASSERT_EQ(last_state(), OrderState::kHeld);
  EXPECT_EQ(codes(statuses()[0]), "soft-limit");

  send_order("j3/order/0", mh_order("0.8"), OrderAction::kRelease);  // no override: still held
  EXPECT_EQ(last_state(), OrderState::kHeld);

  model::InfusionOrder release;  // an RL carries the order number and the override only
  release.placer = mh_order().placer;
  release.limit_override = limit_override("dose reviewed with prescriber");
  send_order("j4/order/0", release, OrderAction::kRelease);
  const auto plan = plans();
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].dose.value, qty("64", "mg"));
  ASSERT_EQ(plan[0].overridden.size(), 1u);
  EXPECT_EQ(plan[0].override_by->reason, "dose reviewed with prescriber");
  EXPECT_EQ(statuses()[0].state, OrderState::kAccepted);
}

TEST_F(DosingModuleTest, StatusUpdatesAreRecordedOnly) {
  send_patient("j1/patient", patient("80"));
  send_order("j2/order/0", mh_order(), OrderAction::kNew);
  model::InfusionOrder sc = mh_order();
  sc.status = model::OrderStatus::kCompleted;
  send_order("j3/order/0", sc, OrderAction::kStatusUpdate);
  EXPECT_TRUE(context_.published.empty());
  EXPECT_EQ(book().orders[0].filler_status, "completed");
  EXPECT_EQ(book().orders[0].state, OrderState::kAccepted);
}

TEST_F(DosingModuleTest, UnknownOrderAndUnreadableEvents) {
  send_order("j1/order/0", mh_order(), OrderAction::kChange);
  EXPECT_EQ(codes(statuses()[0]), "unknown-order");
  send("infusion-order", "j2/order/0", "{\"schema\": 1, \"dose\": \"x\"}");
  EXPECT_TRUE(context_.published.empty());
  send("patient-context", "j3/patient", "not json");
  EXPECT_TRUE(context_.published.empty());
  send("pump-event", "j4/pump/0", "{}");
  EXPECT_TRUE(context_.published.empty());
}

TEST_F(DosingModuleTest, PatientStateMerges) {
  model::PatientContext first = patient("80");
  first.conditions.push_back(condition(kIcd10, "E05.00"));
  send_patient("j1/patient", first);
  model::PatientContext second = patient(nullptr);
  second.measurements.push_back(weight("81", "kg", "2026-11-21T08:00:00Z"));
  second.conditions.push_back(condition(kIcd10, "E05.00", "resolved"));
  send_patient("j2/patient", second);
  send_patient("j3/patient", second);  // the same again: not duplicated
  const model::PatientContext stored =
      *model::patient_context_from_json(*context_.get_state(kPatientSpace, kKey), nullptr);
  EXPECT_EQ(stored.measurements.size(), 2u);
  ASSERT_EQ(stored.conditions.size(), 1u);
  EXPECT_EQ(stored.conditions[0].clinical_status, "resolved");

  send_order("j4/order/0", mh_order(), OrderAction::kNew);
  ASSERT_EQ(plans().size(), 1u) << codes(statuses()[0]);
  EXPECT_EQ(plans()[0].weight.value, qty("81", "kg"));
}

}  // namespace
}  // namespace titrate::dosing::test
