#include "mappers/hl7v2/encoder.h"

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

TEST(EncoderTest, BuildsSegmentsAndFields) {
  Encoder e;
  e.segment("MSH").field("APP").field("FAC").field_at(9).text("ADT").component("A01");
  e.segment("PID").field_at(3).text("123").component().component().component("MR");
  e.segment("NK1");
  EXPECT_EQ(e.finish(), "MSH|^~\\&|APP|FAC|||||ADT^A01\rPID|||123^^^MR\rNK1\r");
  EXPECT_EQ(e.finish(), "");  // reset
}

TEST(EncoderTest, EscapesTextButNotRaw) {
  Encoder e;
  e.segment("NTE").field("1").field().field("a|b^c~d&e\\f\r");
  e.raw_field("x^y");
  EXPECT_EQ(e.finish(), "NTE|1||a\\F\\b\\S\\c\\R\\d\\T\\e\\E\\f\\X0D\\|x^y\r");
}

TEST(EncoderTest, RepetitionsSubcomponentsAndTrailingEmpties) {
  Encoder e;
  e.segment("PID").field_at(3).text("A1").repetition("B2").component().component().component();
  e.text("NS").subcomponent("1.2.3").subcomponent("ISO");
  e.field();  // explicit trailing empty field
  e.segment("MSA").field().components({"AA", "", "x", "", ""});
  EXPECT_EQ(e.finish(), "PID|||A1~B2^^^NS&1.2.3&ISO|\rMSA|AA^^x\r");
}

TEST(EncoderTest, FieldAtNeverMovesBackwards) {
  Encoder e;
  e.segment("OBX").field_at(5).text("7").field_at(2).field("8");
  EXPECT_EQ(e.current_field(), 6u);
  EXPECT_EQ(e.finish(), "OBX|||||7|8\r");
}

TEST(EncoderTest, CustomDelimitersAndTruncation) {
  Delimiters d;
  d.field = '#';
  d.component = '$';
  d.repetition = '*';
  d.escape = '%';
  d.subcomponent = '@';
  Encoder e(d);
  e.segment("MSH").field("APP").field_at(9).components({"ACK", "A01", "ACK"});
  e.segment("NTE").field("50% off #1");
  EXPECT_EQ(e.finish(), "MSH#$*%@#APP######ACK$A01$ACK\rNTE#50%E% off %F%1\r");

  Delimiters t;
  t.truncation = '#';
  Encoder e2(t);
  e2.segment("MSH").field("APP");
  EXPECT_EQ(e2.finish(), "MSH|^~\\&#|APP\r");
  Delimiters three;
  three.subcomponent = '\0';
  Encoder e3(three);
  e3.segment("MSH").field("A&B").component().subcomponent();
  EXPECT_EQ(e3.finish(), "MSH|^~\\|A&B^\r");
}

// encode(parse(x)) == x for well-formed input with CR terminators.
class EncodeRoundTripTest : public ::testing::TestWithParam<const char*> {};

TEST_P(EncodeRoundTripTest, ByteIdentical) {
  std::string bytes = read_fixture(GetParam());
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok()) << GetParam();
  std::string expected(m.raw());
  if (expected.back() != '\r') expected += '\r';
  EXPECT_EQ(encode(m), expected);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, EncodeRoundTripTest,
                         ::testing::Values("adt_a01_standard.hl7", "adt_a01_custom_delimiters.hl7",
                                           "adt_a24_swapped_delimiters.hl7",
                                           "oru_r01_v27_truncation.hl7",
                                           "adt_a08_three_encoding_chars.hl7",
                                           "rde_o11_ketamine_cr.hl7", "adt_a04_bom_utf8.hl7",
                                           "adt_a04_latin1.hl7", "oru_r01_escapes.hl7",
                                           "oru_r01_long_field.hl7"));

TEST(EncoderTest, OtherTerminatorsEncodeAsCr) {
  std::string cr = read_fixture("rde_o11_ketamine_cr.hl7");
  for (const char* name :
       {"rde_o11_ketamine_lf.hl7", "rde_o11_ketamine_crlf.hl7", "rde_o11_ketamine_mixed.hl7"}) {
    std::string bytes = read_fixture(name);
    EXPECT_EQ(encode(parse(bytes)), cr) << name;
  }
}

TEST(EncoderTest, SkippedLinesAreNotEncoded) {
  std::string bytes = read_fixture("adt_a08_blank_lines.hl7");
  Message m = parse(bytes);
  EXPECT_EQ(encode(m),
            "MSH|^~\\&|REGADT|NORTHWIND|TITRATE|ICU-EAST|20261121111500||ADT^A08^ADT_A01|MSG00015|"
            "P|2.5.1\rPID|1||MRN4481^^^NORTHWIND^MR||TESTPATIENT^KILO\rPV1|1|I|ICU-EAST^ROOM "
            "6^BED 1\r");
}

TEST(EncoderTest, UndecodableLeafIsCopiedRaw) {
  // \Q\ is unknown: re-escaping its text would turn it into \E\Q\E\.
  Message m = parse("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rNTE|1||x \\Q\\ y^\\F\\\r");
  EXPECT_EQ(encode(m), "MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rNTE|1||x \\Q\\ y^\\F\\\r");
}

TEST(EncoderTest, NonCanonicalHexIsNormalised) {
  Message m = parse("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rNTE|1||a\\X0D0A\\b\r");
  EXPECT_EQ(encode(m), "MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rNTE|1||a\\X0D\\\\X0A\\b\r");
}

}  // namespace
}  // namespace titrate::hl7v2
