#include "mappers/hl7v2/ack.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "mappers/hl7v2/message.h"
#include "tests/unit/fixtures.h"

namespace titrate::hl7v2 {
namespace {

std::string read_fixture(const std::string& name) {
  return test::read_fixture("hl7v2/" + name);
}

AckRequest request(const Message* inbound, AckCode code) {
  AckRequest r;
  r.inbound = inbound;
  r.code = code;
  r.control_id = "ACK0001";
  r.timestamp = "20261121093001.000+0000";
  return r;
}

Diagnostic pid3_missing() {
  Diagnostic d;
  d.severity = Severity::kError;
  d.location.segment_id = "PID";
  d.location.segment_index = 3;
  d.location.segment_occurrence = 1;
  d.location.field = 3;
  d.code = "101";
  d.message = "required field PID-3 missing";
  return d;
}

TEST(AckTest, AcceptSwapsSenderAndReceiver) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  Message in = parse(bytes);
  EXPECT_EQ(build_ack(request(&in, AckCode::kAA)),
            "MSH|^~\\&|TITRATE|ICU-EAST|EPICADT|NORTHWIND^1.2.840.114350.1.13.99^ISO|"
            "20261121093001.000+0000||ACK^A01^ACK|ACK0001|P|2.5.1||||||UNICODE UTF-8\r"
            "MSA|AA|MSG00001\r");
}

TEST(AckTest, ErrorFillsMsa3AndErr) {
  std::string bytes = read_fixture("rde_o11_ketamine_cr.hl7");
  Message in = parse(bytes);
  AckRequest r = request(&in, AckCode::kAE);
  r.errors.push_back(pid3_missing());
  Diagnostic w;
  w.severity = Severity::kWarning;
  w.code = "207";
  w.message = "drug library | version ^ mismatch";
  r.errors.push_back(w);
  EXPECT_EQ(build_ack(r),
            "MSH|^~\\&|TITRATE|ICU-EAST|PHARMACY|NORTHWIND|20261121093001.000+0000||ACK^O11^ACK|"
            "ACK0001|P|2.5.1\r"
            "MSA|AE|MSG00006|required field PID-3 missing\r"
            "ERR||PID^1^3|101^Required field missing^HL70357|E||||required field PID-3 missing\r"
            "ERR|||207^Application internal error^HL70357|W||||drug library \\F\\ version \\S\\ "
            "mismatch\r");
}

TEST(AckTest, ParseDiagnosticsBecomeErrSegments) {
  std::string bytes = read_fixture("malformed_cr_inside_field.hl7");
  Message in = parse(bytes);
  ASSERT_FALSE(in.ok());
  AckRequest r = request(&in, AckCode::kAR);
  r.errors = in.diagnostics();
  std::string ack = build_ack(r);
  Message parsed = parse(ack);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value("MSA-1"), "AR");
  EXPECT_EQ(parsed.value("MSA-2"), "MSG00016");
  EXPECT_EQ(parsed.value("ERR-3.1"), "100");
  EXPECT_EQ(parsed.value("ERR-3.3"), "HL70357");
  EXPECT_EQ(parsed.value("ERR-4"), "E");
  EXPECT_EQ(parsed.value("ERR-2"), std::nullopt);  // segment ID unknown: no ERL
}

TEST(AckTest, KeepsInboundDelimiters) {
  std::string bytes = read_fixture("adt_a01_custom_delimiters.hl7");
  Message in = parse(bytes);
  AckRequest r = request(&in, AckCode::kAE);
  r.errors.push_back(pid3_missing());
  EXPECT_EQ(build_ack(r),
            "MSH#$*%@#TITRATE#ICU-EAST#EPICADT#NORTHWIND#20261121093001.000+0000##ACK$A01$ACK#"
            "ACK0001#P#2.5.1\r"
            "MSA#AE#MSG00002#required field PID-3 missing\r"
            "ERR##PID$1$3#101$Required field missing$HL70357#E####required field PID-3 missing\r");
  std::string v27 = read_fixture("oru_r01_v27_truncation.hl7");
  Message in27 = parse(v27);
  std::string ack27 = build_ack(request(&in27, AckCode::kCA));
  EXPECT_EQ(ack27.substr(0, 18), "MSH|^~\\&#|TITRATE|");
  EXPECT_NE(ack27.find("|ACK^R01^ACK|ACK0001|P|2.7\rMSA|CA|MSG00004\r"), std::string::npos);
}

TEST(AckTest, UnreadableInboundStillGetsAnAr) {
  std::string bytes = read_fixture("malformed_not_hl7.hl7");
  Message in = parse(bytes);
  AckRequest r = request(&in, AckCode::kAR);
  r.errors = {in.diagnostics().front()};
  const std::string expected =
      "MSH|^~\\&|||||20261121093001.000+0000||ACK^^ACK|ACK0001|P|2.5.1\r"
      "MSA|AR||not an HL7v2 message: expected MSH\r"
      "ERR|||100^Segment sequence error^HL70357|E||||not an HL7v2 message: expected MSH\r";
  EXPECT_EQ(build_ack(r), expected);
  r.inbound = nullptr;
  EXPECT_EQ(build_ack(r), expected);
  r.fallback_version = "2.6";
  EXPECT_NE(build_ack(r).find("|P|2.6\r"), std::string::npos);
}

TEST(AckTest, MissingControlIdGivesEmptyMsa2) {
  std::string bytes = read_fixture("malformed_missing_msh9_msh10.hl7");
  Message in = parse(bytes);
  AckRequest r = request(&in, AckCode::kAR);
  r.errors = in.diagnostics();
  std::string ack = build_ack(r);
  EXPECT_EQ(ack.substr(0, ack.find('\r')),
            "MSH|^~\\&|TITRATE|ICU-EAST|REGADT|NORTHWIND|20261121093001.000+0000||ACK^^ACK|"
            "ACK0001|P|2.5.1");
  EXPECT_NE(ack.find("\rMSA|AR||required field MSH-9 (message type) missing\r"), std::string::npos);
  EXPECT_NE(ack.find("\rERR||MSH^1^9|101^Required field missing^HL70357|E|"), std::string::npos);
  EXPECT_NE(ack.find("\rERR||MSH^1^10|101^"), std::string::npos);
}

TEST(AckTest, CharacterSetEchoedOnlyWhenSupported) {
  std::string latin = read_fixture("adt_a04_latin1.hl7");
  Message in = parse(latin);
  std::string ack = build_ack(request(&in, AckCode::kAA));
  EXPECT_NE(ack.find("|2.5.1||||||8859/1\rMSA|AA|MSG00008\r"), std::string::npos);
  std::string bad = read_fixture("adt_a04_unsupported_charset.hl7");
  Message in2 = parse(bad);
  std::string ack2 = build_ack(request(&in2, AckCode::kAR));
  EXPECT_NE(ack2.find("|ACK0001|P|2.5.1\rMSA|AR|MSG00010\r"), std::string::npos);
}

TEST(AckTest, InvalidInboundDelimitersFallBackToDefaults) {
  // MSH-2 "^~\1": '1' cannot be a delimiter. Echoed values are then escaped as text.
  const std::string bytes = "MSH|^~\\1|APP|FAC|TITRATE|ICU|1||ADT^A04|X^Y|P|2.5\r";
  Message in = parse(bytes);
  ASSERT_FALSE(in.ok());
  AckRequest r = request(&in, AckCode::kAR);
  const std::string ack = build_ack(r);
  EXPECT_EQ(ack,
            "MSH|^~\\&|TITRATE|ICU|APP|FAC|20261121093001.000+0000||ACK^A04^ACK|ACK0001|P|2.5\r"
            "MSA|AR|X\\S\\Y\r");
  EXPECT_TRUE(parse(ack).ok());
}

TEST(AckTest, InvalidBytesInEchoedFieldsAreReplaced) {
  const std::string bytes = "MSH|^~\\&|APP\xFF|FAC|TITRATE|ICU|1||ADT^A04|C1|P|2.5\r";
  Message in = parse(bytes);
  ASSERT_FALSE(in.ok());  // invalid UTF-8
  const std::string ack = build_ack(request(&in, AckCode::kAR));
  EXPECT_NE(ack.find("|APP\xEF\xBF\xBD|FAC|"), std::string::npos);
  EXPECT_TRUE(parse(ack).ok());
}

TEST(AckTest, CodesToString) {
  EXPECT_EQ(to_string(AckCode::kAA), "AA");
  EXPECT_EQ(to_string(AckCode::kAE), "AE");
  EXPECT_EQ(to_string(AckCode::kAR), "AR");
  EXPECT_EQ(to_string(AckCode::kCA), "CA");
  EXPECT_EQ(to_string(AckCode::kCE), "CE");
  EXPECT_EQ(to_string(AckCode::kCR), "CR");
}

TEST(AckPlanTest, OriginalMode) {
  MessageHeader h;
  AckPlan ok = plan_acks(h, true);
  EXPECT_FALSE(ok.enhanced);
  EXPECT_FALSE(ok.send_accept);
  EXPECT_TRUE(ok.send_application);
  AckPlan failed = plan_acks(h, false);
  EXPECT_TRUE(failed.send_application);
}

TEST(AckPlanTest, EnhancedMode) {
  MessageHeader h;
  h.accept_ack_type = "AL";
  h.application_ack_type = "NE";
  AckPlan p = plan_acks(h, true);
  EXPECT_TRUE(p.enhanced);
  EXPECT_TRUE(p.send_accept);
  EXPECT_FALSE(p.send_application);

  h.accept_ack_type = "ER";
  h.application_ack_type = "SU";
  EXPECT_FALSE(plan_acks(h, true).send_accept);
  EXPECT_TRUE(plan_acks(h, false).send_accept);
  EXPECT_TRUE(plan_acks(h, true).send_application);
  EXPECT_FALSE(plan_acks(h, false).send_application);

  h.accept_ack_type = "NE";
  h.application_ack_type = "";  // empty in enhanced mode counts as AL
  p = plan_acks(h, false);
  EXPECT_TRUE(p.enhanced);
  EXPECT_FALSE(p.send_accept);
  EXPECT_TRUE(p.send_application);
}

TEST(AckPlanTest, FromParsedHeader) {
  std::string bytes = read_fixture("oru_r01_v27_truncation.hl7");  // MSH-15 AL, MSH-16 NE
  Message m = parse(bytes);
  AckPlan p = plan_acks(m.header(), true);
  EXPECT_TRUE(p.enhanced);
  EXPECT_TRUE(p.send_accept);
  EXPECT_FALSE(p.send_application);
}

}  // namespace
}  // namespace titrate::hl7v2
