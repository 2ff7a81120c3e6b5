#include "mappers/outbound/hl7v2/orr_o02.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "mappers/hl7v2/encoder.h"
#include "mappers/hl7v2/message.h"

namespace titrate::outbound::hl7v2 {
namespace {

using model::OrderState;

OutboundHeader header() {
  OutboundHeader h;
  h.sending_facility = "NORTHCLINIC";
  h.receiving_application = "EPIC";
  h.receiving_facility = "NORTH";
  h.message_time = "20261121093000.123+0000";
  h.control_id = "TTR-ORR-000042";
  return h;
}

model::OrderStatusUpdate update(OrderState state) {
  model::OrderStatusUpdate u;
  u.placer = {"", "ORD-7781", "PLAC", "EPIC"};
  u.filler = {"", "ORD-7781#v1", "FILL", "TITRATE"};
  u.patient_id = {"urn:oid:2.16.840.1.113883.3.72", "KT100234", "MR", "NORTHCLINIC"};
  u.state = state;
  u.time = {"2026-11-21T08:30:00.250-05:00"};
  return u;
}

model::Reason reason(std::string code, std::string message) {
  model::Reason r;
  r.code = std::move(code);
  r.message = std::move(message);
  r.rule = "/entries/0/limits";
  return r;
}

std::string text(const titrate::hl7v2::Message& m, const char* spec) {
  return m.text(spec).value_or("<absent>");
}

TEST(OrrO02, HeaderPatientAndOrderNumbers) {
  const std::string orr = build_orr_o02(update(OrderState::kAccepted), header());
  const titrate::hl7v2::Message m = titrate::hl7v2::parse(orr);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(text(m, "MSH-3"), "TITRATE");
  EXPECT_EQ(text(m, "MSH-4"), "NORTHCLINIC");
  EXPECT_EQ(text(m, "MSH-5"), "EPIC");
  EXPECT_EQ(text(m, "MSH-6"), "NORTH");
  EXPECT_EQ(text(m, "MSH-7"), "20261121093000.123+0000");
  EXPECT_EQ(text(m, "MSH-9"), "ORR^O02^ORR_O02");
  EXPECT_EQ(text(m, "MSH-10"), "TTR-ORR-000042");
  EXPECT_EQ(text(m, "MSH-11"), "P");
  EXPECT_EQ(text(m, "MSH-12"), "2.5.1");
  EXPECT_EQ(text(m, "MSH-18"), "UNICODE UTF-8");
  EXPECT_EQ(text(m, "MSA-1"), "AA");
  EXPECT_EQ(text(m, "MSA-2"), "ORD-7781");
  EXPECT_EQ(text(m, "PID-3.1"), "KT100234");
  EXPECT_EQ(text(m, "PID-3.4.1"), "NORTHCLINIC");
  EXPECT_EQ(text(m, "PID-3.4.2"), "2.16.840.1.113883.3.72");
  EXPECT_EQ(text(m, "PID-3.4.3"), "ISO");
  EXPECT_EQ(text(m, "PID-3.5"), "MR");
  EXPECT_EQ(text(m, "ORC-2.1"), "ORD-7781");
  EXPECT_EQ(text(m, "ORC-2.2"), "EPIC");
  EXPECT_EQ(text(m, "ORC-3.1"), "ORD-7781#v1");
  EXPECT_EQ(text(m, "ORC-3.2"), "TITRATE");
  EXPECT_EQ(text(m, "ORC-9"), "20261121083000.250-0500");
  EXPECT_FALSE(m.value("ORC-16"));
  EXPECT_FALSE(m.find_segment("NTE"));
  std::vector<std::string> ids;
  for (size_t i = 0; i < m.segment_count(); ++i) ids.emplace_back(m.segment_id(i));
  EXPECT_EQ(ids, (std::vector<std::string>{"MSH", "MSA", "PID", "ORC"}));
  EXPECT_EQ(orr.back(), '\r');
}

TEST(OrrO02, OrderControlAndStatusForEveryState) {
  struct Case {
    OrderState state;
    const char* control;
    const char* status;
  };
  const Case cases[] = {
      {OrderState::kAccepted, "OK", "SC"},        {OrderState::kProgrammed, "SC", "IP"},
      {OrderState::kCompleted, "SC", "CM"},       {OrderState::kHeld, "OH", "HD"},
      {OrderState::kProgramRejected, "OH", "HD"}, {OrderState::kOnHold, "HR", "HD"},
      {OrderState::kRejected, "UA", "<absent>"},  {OrderState::kCancelled, "CR", "CA"},
      {OrderState::kDiscontinued, "DR", "DC"},
  };
  for (const Case& c : cases) {
    const std::string orr = build_orr_o02(update(c.state), header());
    const titrate::hl7v2::Message m = titrate::hl7v2::parse(orr);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(text(m, "ORC-1"), c.control) << static_cast<int>(c.state);
    EXPECT_EQ(text(m, "ORC-5"), c.status) << static_cast<int>(c.state);
    EXPECT_EQ(text(m, "MSA-1"), "AA");
  }
}

TEST(OrrO02, ReasonsInOrc16AndNotes) {
  model::OrderStatusUpdate u = update(OrderState::kHeld);
  u.reasons.push_back(reason("weight-missing", "no weight within 24 h"));
  model::Reason contra = reason("contraindication", "uncontrolled hypertension");
  contra.detail = {"http://hl7.org/fhir/sid/icd-10", "I10", "Essential hypertension"};
  u.reasons.push_back(contra);
  const titrate::hl7v2::Message m = titrate::hl7v2::parse(build_orr_o02(u, header()));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(text(m, "ORC-16.1"), "weight-missing");
  EXPECT_EQ(text(m, "ORC-16.2"), "no weight within 24 h");
  EXPECT_EQ(text(m, "ORC-16.3"), "L");
  EXPECT_EQ(text(m, "NTE[1]-1"), "1");
  EXPECT_EQ(text(m, "NTE[1]-2"), "L");
  EXPECT_EQ(text(m, "NTE[1]-3"), "weight-missing: no weight within 24 h");
  EXPECT_EQ(text(m, "NTE[2]-3"), "contraindication: uncontrolled hypertension");

  std::swap(u.reasons[0], u.reasons[1]);
  const titrate::hl7v2::Message first_coded = titrate::hl7v2::parse(build_orr_o02(u, header()));
  EXPECT_EQ(text(first_coded, "ORC-16.1"), "contraindication");
  EXPECT_EQ(text(first_coded, "ORC-16.4"), "I10");
  EXPECT_EQ(text(first_coded, "ORC-16.5"), "Essential hypertension");
  EXPECT_EQ(text(first_coded, "ORC-16.6"), "I10");
}

TEST(OrrO02, ProgramRejectedCarriesThePumpError) {
  model::OrderStatusUpdate u = update(OrderState::kProgramRejected);
  model::Reason r = reason("pump-rejected", "Drug library hard limit exceeded");
  r.detail = {"", "9024", "Drug library hard limit exceeded"};
  u.reasons.push_back(r);
  const titrate::hl7v2::Message m = titrate::hl7v2::parse(build_orr_o02(u, header()));
  EXPECT_EQ(text(m, "ORC-1"), "OH");
  EXPECT_EQ(text(m, "ORC-16.1"), "pump-rejected");
  EXPECT_EQ(text(m, "ORC-16.4"), "9024");
  EXPECT_EQ(text(m, "ORC-16.6"), "<absent>");  // no known coding system
}

TEST(OrrO02, EscapesEveryText) {
  model::OrderStatusUpdate u = update(OrderState::kRejected);
  u.placer = {"", "A|B^C", "PLAC", "EP~IC"};
  u.patient_id.value = "K&T\\1";
  u.reasons.push_back(reason("hard-limit", "dose > 2 mg/kg | limit ^ 1.5\rsee ~ note & more"));
  OutboundHeader h = header();
  h.receiving_application = "EHR|X";
  const std::string orr = build_orr_o02(u, h);
  const titrate::hl7v2::Message m = titrate::hl7v2::parse(orr);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.segment_count(), 5u);  // the CR in the message did not split a segment
  EXPECT_EQ(text(m, "MSH-5"), "EHR|X");
  EXPECT_EQ(text(m, "MSA-2"), "A|B^C");
  EXPECT_EQ(text(m, "ORC-2.1"), "A|B^C");
  EXPECT_EQ(text(m, "ORC-2.2"), "EP~IC");
  EXPECT_EQ(text(m, "PID-3.1"), "K&T\\1");
  EXPECT_EQ(text(m, "ORC-16.2"), "dose > 2 mg/kg | limit ^ 1.5\rsee ~ note & more");
  EXPECT_EQ(text(m, "NTE-3"), "hard-limit: dose > 2 mg/kg | limit ^ 1.5\rsee ~ note & more");
  // Re-encoding the parsed message gives the same bytes: the escaping is canonical.
  EXPECT_EQ(titrate::hl7v2::encode(m), orr);
}

TEST(OrrO02, UpdateWithoutTimeUsesTheMessageTime) {
  model::OrderStatusUpdate u = update(OrderState::kCancelled);
  u.time = {};
  const titrate::hl7v2::Message m = titrate::hl7v2::parse(build_orr_o02(u, header()));
  EXPECT_EQ(text(m, "ORC-9"), "20261121093000.123+0000");
}

TEST(OrrO02, ErrorsNameTheMissingFieldWithoutIds) {
  model::OrderStatusUpdate no_placer = update(OrderState::kAccepted);
  no_placer.placer = {};
  EXPECT_THROW(build_orr_o02(no_placer, header()), std::invalid_argument);

  model::OrderStatusUpdate no_patient = update(OrderState::kAccepted);
  no_patient.patient_id.value.clear();
  try {
    build_orr_o02(no_patient, header());
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("PID-3"), std::string::npos) << what;
    EXPECT_EQ(what.find("ORD-7781"), std::string::npos) << what;
  }

  OutboundHeader no_control = header();
  no_control.control_id.clear();
  EXPECT_THROW(build_orr_o02(update(OrderState::kAccepted), no_control), std::invalid_argument);

  model::OrderStatusUpdate bad_time = update(OrderState::kAccepted);
  bad_time.time = {"21/11/2026 08:30"};
  try {
    build_orr_o02(bad_time, header());
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("21/11"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace titrate::outbound::hl7v2
