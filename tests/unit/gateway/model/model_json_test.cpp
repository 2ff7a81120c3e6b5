#include "gateway/model/model_json.h"

#include <gtest/gtest.h>

#include <string>

namespace titrate::model {
namespace {

Identifier identifier(std::string value, std::string type) {
  return {"urn:oid:2.16.840.1.113883.3.72.5", std::move(value), std::move(type), "UABH"};
}

CodeableConcept concept_of(std::string system, std::string code, std::string display) {
  return {{{std::move(system), std::move(code), display}}, display};
}

Practitioner practitioner(std::string id, std::string family) {
  return {identifier(std::move(id), "PRN"), {std::move(family), {"Rex", "J"}, "Dr.", "MD", ""}};
}

PatientContext full_patient() {
  PatientContext p;
  p.event = PatientContext::Event::kOrderContext;
  p.patient_id = identifier("56782445", "MR");
  p.identifiers = {p.patient_id, {"http://hl7.org/fhir/sid/us-ssn", "999-99-9999", "SS", ""}};
  p.name = {"Kleinsample", {"Barry", "Q"}, "Mr.", "Jr", "official"};
  p.birth_date = {"1962-09-10"};
  p.gender = "male";
  Visit visit;
  visit.visit_number = identifier("V-13579", "VN");
  visit.patient_class = "AMB";
  visit.location = {"INF", "389", "1", "UABH"};
  visit.attending = practitioner("12345", "Morgan");
  visit.admitted = {"2026-11-21T08:30:00-05:00"};
  visit.discharged = {"2026-11-21T13:45:10.250+00:00"};
  p.visit = visit;
  p.measurements = {
      {BodyMeasurement::Kind::kWeight,
       concept_of("http://loinc.org", "29463-7", "Body weight"),
       {{74843, 3}, "kg"},
       {{165, 0}, "[lb_av]"},
       {"2026-11-21T08:35:00-05:00"},
       "final"},
      {BodyMeasurement::Kind::kHeight,
       concept_of("http://loinc.org", "8302-2", "Body height"),
       {{1778, 1}, "cm"},
       {{70, 0}, "[in_i]"},
       {"2026-11-21"},
       "preliminary"},
  };
  p.allergies = {{concept_of("http://www.nlm.nih.gov/research/umls/rxnorm", "70618", "Penicillin"),
                  "medication",
                  "high",
                  "Hives",
                  {"2010-09-28"}}};
  p.conditions = {{concept_of("http://hl7.org/fhir/sid/icd-10-cm", "F33.2",
                              "Major depressive disorder, recurrent severe"),
                   "encounter-diagnosis",
                   "active",
                   {"2024-01"}}};
  return p;
}

InfusionOrder full_order() {
  InfusionOrder o;
  o.action = OrderAction::kChange;
  o.status = OrderStatus::kOnHold;
  o.placer = identifier("P800006", "PLAC");
  o.filler = identifier("F800006", "FILL");
  o.placer_group = "G-17";
  o.patient_id = identifier("56782445", "MR");
  o.visit_number = identifier("V-13579", "VN");
  o.medication = concept_of("http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine");
  o.medication.codings.push_back({"urn:oid:1.2.3.4", "KET500", "KETAMINE 500MG/500ML"});
  o.dose = Quantity{{5, 1}, "mg/kg"};
  o.dose_rate = Quantity{{50, 2}, "mg/kg/h"};
  o.infusion_rate = Quantity{{374, 1}, "mL/h"};
  o.concentration = Ratio{{{500, 0}, "mg"}, {{500, 0}, "mL"}};
  o.volume = Quantity{{-1000, 1}, "mL"};  // any sign survives the codec
  o.timing = {"Q1W",
              6,
              1,
              Quantity{{1, 0}, "wk"},
              Quantity{{40, 0}, "min"},
              {"2026-11-21T09:00:00-05:00"},
              {"2027-01-02"}};
  o.route = concept_of("http://snomed.info/sct", "47625008", "Intravenous route");
  o.ordering_provider = practitioner("67890", "Grainger");
  o.indications = {
      concept_of("http://snomed.info/sct", "231504006", "Mixed anxiety and depressive"),
      {{}, "treatment-resistant depression"}};
  o.authored = {"2026-11-20T16:02:00-05:00"};
  o.instructions = "Titrate per protocol.\nStop if SBP > 180 \"mmHg\" \\ notify";
  return o;
}

MappedMessage full_message() {
  MappedMessage m;
  m.source = {"adt-in", "EPIC|UABH", "01052901", 9007199254740993, "hl7v2"};  // > 2^53
  m.patient = full_patient();
  m.orders = {full_order(), InfusionOrder{}};
  m.unmapped = {"ZPI", "PV1-50"};
  m.issues = {{MappingIssue::Severity::kWarning, "OBX[2]-14", "", "no observation time"},
              {MappingIssue::Severity::kError,
               "MedicationRequest.dosageInstruction[0].doseAndRate[0].rateQuantity.value", "value",
               "not a number"}};
  return m;
}

TEST(ModelJson, FullMessageRoundTrips) {
  const MappedMessage m = full_message();
  for (bool pretty : {false, true}) {
    ModelJsonError error;
    std::optional<MappedMessage> back = mapped_message_from_json(to_json(m, pretty), &error);
    ASSERT_TRUE(back.has_value()) << error.to_string();
    EXPECT_EQ(*back, m);
  }
}

TEST(ModelJson, FullPatientAndOrderRoundTrip) {
  ModelJsonError error;
  std::optional<PatientContext> p = patient_context_from_json(to_json(full_patient()), &error);
  ASSERT_TRUE(p.has_value()) << error.to_string();
  EXPECT_EQ(*p, full_patient());
  std::optional<InfusionOrder> o = infusion_order_from_json(to_json(full_order(), true), &error);
  ASSERT_TRUE(o.has_value()) << error.to_string();
  EXPECT_EQ(*o, full_order());
}

TEST(ModelJson, MinimalValuesRoundTripCompactly) {
  EXPECT_EQ(to_json(MappedMessage{}), R"({"schema":1,"source":{"journal_id":0}})");
  EXPECT_EQ(to_json(PatientContext{}), R"({"schema":1,"event":"update"})");
  EXPECT_EQ(to_json(InfusionOrder{}), R"({"schema":1,"action":"new","status":"active"})");
  EXPECT_EQ(mapped_message_from_json(to_json(MappedMessage{}), nullptr), MappedMessage{});
  EXPECT_EQ(patient_context_from_json(to_json(PatientContext{}), nullptr), PatientContext{});
  EXPECT_EQ(infusion_order_from_json(to_json(InfusionOrder{}), nullptr), InfusionOrder{});

  // Present but empty optionals stay present.
  MappedMessage m;
  m.patient.emplace().visit.emplace();
  m.orders.emplace_back().dose = Quantity{};
  EXPECT_EQ(to_json(m),
            R"({"schema":1,"source":{"journal_id":0},"patient":{"event":"update","visit":{}},)"
            R"("orders":[{"action":"new","status":"active","dose":{"value":0}}]})");
  EXPECT_EQ(mapped_message_from_json(to_json(m), nullptr), m);
}

TEST(ModelJson, EveryEnumValueRoundTrips) {
  for (auto action :
       {OrderAction::kNew, OrderAction::kCancel, OrderAction::kDiscontinue, OrderAction::kChange,
        OrderAction::kHold, OrderAction::kRelease, OrderAction::kStatusUpdate}) {
    for (auto status : {OrderStatus::kActive, OrderStatus::kOnHold, OrderStatus::kCancelled,
                        OrderStatus::kCompleted, OrderStatus::kStopped,
                        OrderStatus::kEnteredInError, OrderStatus::kUnknown}) {
      InfusionOrder o;
      o.action = action;
      o.status = status;
      EXPECT_EQ(infusion_order_from_json(to_json(o), nullptr), o) << to_json(o);
    }
  }
  using Event = PatientContext::Event;
  for (auto event :
       {Event::kRegister, Event::kAdmit, Event::kUpdate, Event::kDischarge, Event::kOrderContext}) {
    PatientContext p;
    p.event = event;
    p.measurements.resize(2);
    p.measurements[1].kind = BodyMeasurement::Kind::kHeight;
    EXPECT_EQ(patient_context_from_json(to_json(p), nullptr), p) << to_json(p);
  }
  MappedMessage m;
  m.issues.resize(3);
  m.issues[0].severity = MappingIssue::Severity::kInformation;
  m.issues[1].severity = MappingIssue::Severity::kWarning;
  EXPECT_EQ(mapped_message_from_json(to_json(m), nullptr), m) << to_json(m);
}

TEST(ModelJson, EnumNames) {
  EXPECT_EQ(json_name(PatientContext::Event::kOrderContext), "order-context");
  EXPECT_EQ(json_name(OrderAction::kStatusUpdate), "status-update");
  EXPECT_EQ(json_name(OrderStatus::kEnteredInError), "entered-in-error");
  EXPECT_EQ(json_name(OrderStatus::kOnHold), "on-hold");
  EXPECT_EQ(json_name(BodyMeasurement::Kind::kHeight), "height");
  EXPECT_EQ(json_name(MappingIssue::Severity::kInformation), "information");
  OrderStatus status = OrderStatus::kActive;
  EXPECT_TRUE(from_json_name("stopped", status));
  EXPECT_EQ(status, OrderStatus::kStopped);
  EXPECT_FALSE(from_json_name("Stopped", status));
  EXPECT_EQ(status, OrderStatus::kStopped);
}

PatientContext small_patient() {
  PatientContext p;
  p.event = PatientContext::Event::kAdmit;
  p.patient_id = {"urn:oid:1.2.3", "12345", "MR", ""};
  p.name.family = "Doe";
  p.name.given = {"Jane"};
  p.birth_date = {"1980-02-29"};
  p.gender = "female";
  p.measurements = {{BodyMeasurement::Kind::kWeight,
                     {{{"http://loinc.org", "29463-7", "Body weight"}}, ""},
                     {{7250, 2}, "kg"},
                     {{1598, 1}, "[lb_av]"},
                     {"2026-11-21T08:30:00-05:00"},
                     "final"}};
  return p;
}

TEST(ModelJson, GoldenPatientContext) {
  EXPECT_EQ(to_json(small_patient()),
            R"({"schema":1,"event":"admit",)"
            R"("patient_id":{"system":"urn:oid:1.2.3","value":"12345","type":"MR"},)"
            R"("name":{"family":"Doe","given":["Jane"]},"birth_date":"1980-02-29",)"
            R"("gender":"female","measurements":[{"kind":"weight",)"
            R"("code":{"codings":[{"system":"http://loinc.org","code":"29463-7",)"
            R"("display":"Body weight"}]},"value":{"value":72.50,"unit":"kg"},)"
            R"("reported":{"value":159.8,"unit":"[lb_av]"},)"
            R"("effective":"2026-11-21T08:30:00-05:00","status":"final"}]})");
}

TEST(ModelJson, GoldenPrettyPrintedPatientContext) {
  PatientContext p;
  p.patient_id.value = "1";
  p.name.given = {"A", "B"};
  BodyMeasurement& height = p.measurements.emplace_back();
  height.kind = BodyMeasurement::Kind::kHeight;
  height.value = {{1778, 1}, "cm"};
  EXPECT_EQ(to_json(p, true),
            "{\n"
            "  \"schema\": 1,\n"
            "  \"event\": \"update\",\n"
            "  \"patient_id\": {\n"
            "    \"value\": \"1\"\n"
            "  },\n"
            "  \"name\": {\n"
            "    \"given\": [\n"
            "      \"A\",\n"
            "      \"B\"\n"
            "    ]\n"
            "  },\n"
            "  \"measurements\": [\n"
            "    {\n"
            "      \"kind\": \"height\",\n"
            "      \"value\": {\n"
            "        \"value\": 177.8,\n"
            "        \"unit\": \"cm\"\n"
            "      }\n"
            "    }\n"
            "  ]\n"
            "}");
}

TEST(ModelJson, DecimalsKeepTheirExactText) {
  InfusionOrder o;
  o.dose = Quantity{{50, 2}, "mg/kg"};
  o.dose_rate = Quantity{{123456789012345678, 9}, "mg/kg/h"};
  o.volume = Quantity{{-5, 3}, "L"};
  const std::string json = to_json(o);
  EXPECT_NE(json.find(R"("dose":{"value":0.50,"unit":"mg/kg"})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("value":123456789.012345678)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("value":-0.005)"), std::string::npos) << json;
  EXPECT_EQ(infusion_order_from_json(json, nullptr), o);
}

TEST(ModelJson, ReadsExponentsExactly) {
  std::optional<InfusionOrder> o = infusion_order_from_json(
      R"({"schema":1,"dose":{"value":7.250E1},"dose_rate":{"value":15e-2},)"
      R"("infusion_rate":{"value":1.5e+2},"volume":{"value":0e-40}})",
      nullptr);
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->dose->value, (Decimal{7250, 2}));
  EXPECT_EQ(o->dose_rate->value, (Decimal{15, 2}));
  EXPECT_EQ(o->infusion_rate->value, (Decimal{150, 0}));
  EXPECT_EQ(o->volume->value, (Decimal{0, 18}));
}

TEST(ModelJson, StringsAreValidUtf8AndEscaped) {
  using namespace std::string_literals;
  PatientContext p;
  p.name.family = "Zo\xC3\xAB \xF0\x9F\x92\x89 tab\there \"q\" \\ nul:\0!"s;
  p.name.given = {"M\xFFller", "\xED\xA0\x80", "\xC3"};  // invalid byte, surrogate, cut short
  const std::string json = to_json(p);
  EXPECT_NE(json.find(R"(tab\there \"q\" \\ nul:\u0000!)"), std::string::npos) << json;
  std::optional<PatientContext> back = patient_context_from_json(json, nullptr);
  ASSERT_TRUE(back.has_value()) << json;
  EXPECT_EQ(back->name.family, p.name.family);
  EXPECT_EQ(back->name.given,
            (std::vector<std::string>{"M\xEF\xBF\xBDller", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
                                      "\xEF\xBF\xBD"}));
}

TEST(ModelJson, IgnoresUnknownKeysAndNulls) {
  ModelJsonError error;
  std::optional<MappedMessage> m = mapped_message_from_json(
      R"({"schema":1,"type":"order","event_id":"e-1","key":{"any":[1,{"x":null}]},)"
      R"("source":{"channel":"fhir-in","journal_id":7,"priority":"high"},)"
      R"("patient":null,"orders":[{"action":"hold","dose":null,"future":{"a":[true,false]}}],)"
      R"("unmapped":null})",
      &error);
  ASSERT_TRUE(m.has_value()) << error.to_string();
  MappedMessage expected;
  expected.source.channel = "fhir-in";
  expected.source.journal_id = 7;
  expected.orders.emplace_back().action = OrderAction::kHold;
  EXPECT_EQ(*m, expected);
}

}  // namespace
}  // namespace titrate::model
