#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "mappers/hl7v2/message.h"
#include "mappers/hl7v2/pieces.h"
#include "tests/unit/fixtures.h"

namespace titrate::hl7v2 {
namespace {

std::string read_fixture(const std::string& name) {
  return test::read_fixture("hl7v2/" + name);
}

const Diagnostic* find_code(const Message& m, std::string_view code) {
  for (const auto& d : m.diagnostics()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

TEST(Hl7ParserTest, StandardMessageHeader) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m.diagnostics().empty());
  const MessageHeader& h = m.header();
  EXPECT_TRUE(h.present);
  EXPECT_EQ(h.delimiters, Delimiters{});
  EXPECT_EQ(h.encoding_characters, "^~\\&");
  EXPECT_EQ(h.sending_application, "EPICADT");
  EXPECT_EQ(h.sending_facility, "NORTHWIND^1.2.840.114350.1.13.99^ISO");
  EXPECT_EQ(h.receiving_application, "TITRATE");
  EXPECT_EQ(h.receiving_facility, "ICU-EAST");
  EXPECT_EQ(h.message_type, "ADT^A01^ADT_A01");
  EXPECT_EQ(h.message_code, "ADT");
  EXPECT_EQ(h.trigger_event, "A01");
  EXPECT_EQ(h.message_structure, "ADT_A01");
  EXPECT_EQ(h.control_id, "MSG00001");
  EXPECT_EQ(h.processing_id, "P");
  EXPECT_EQ(h.version_id, "2.5.1");
  EXPECT_EQ(h.accept_ack_type, "AL");
  EXPECT_EQ(h.application_ack_type, "NE");
  EXPECT_EQ(h.character_set, "UNICODE UTF-8");
  EXPECT_EQ(h.charset, Charset::kUtf8);
}

TEST(Hl7ParserTest, SegmentsAndFields) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  Message m = parse(bytes);
  ASSERT_EQ(m.segment_count(), 8u);
  const char* ids[] = {"MSH", "EVN", "PID", "PV1", "OBX", "AL1", "NTE", "ZPI"};
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(m.segment_id(i), ids[i]) << i;
  EXPECT_EQ(m.segment_raw(7), "ZPI|1|INTERNAL^FLAG");
  EXPECT_EQ(m.segment_offset(1), bytes.find("EVN|"));
  // MSH numbering: MSH-1 is the separator, MSH-2 the encoding characters.
  EXPECT_EQ(m.field(0, 1), "|");
  EXPECT_EQ(m.field(0, 2), "^~\\&");
  EXPECT_EQ(m.field(0, 3), "EPICADT");
  EXPECT_EQ(m.field_count(0), 18u);
  EXPECT_EQ(m.field_count(7), 2u);
  EXPECT_EQ(m.field(7, 2), "INTERNAL^FLAG");
  EXPECT_EQ(m.field(7, 3), std::nullopt);
  EXPECT_EQ(m.find_segment("PID"), 2u);
  EXPECT_EQ(m.find_segment("PID", 2), std::nullopt);
}

TEST(Hl7ParserTest, ValueSpecs) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  Message m = parse(bytes);
  EXPECT_EQ(m.value("PID-3"), "MRN4471^^^NORTHWIND^MR~990011223^^^SSA^SS");
  EXPECT_EQ(m.value("PID-3[1]"), "MRN4471^^^NORTHWIND^MR");
  EXPECT_EQ(m.value("PID-3[2].1"), "990011223");
  EXPECT_EQ(m.value("PID-3[2].5"), "SS");
  EXPECT_EQ(m.value("PID-3.4"), "NORTHWIND");  // first repetition by default
  EXPECT_EQ(m.value("PID-3[3]"), std::nullopt);
  EXPECT_EQ(m.value("PID-3.2"), std::nullopt);  // present but empty
  EXPECT_EQ(m.value("PID-4"), std::nullopt);
  EXPECT_EQ(m.value("PID-99"), std::nullopt);
  EXPECT_EQ(m.value("PID-5.2"), "ALPHA");
  EXPECT_EQ(m.value("EVN-5.9.2"), "1.2.840.114350.1.13.99");
  EXPECT_EQ(m.value("EVN-5.9.4"), std::nullopt);
  EXPECT_EQ(m.value("OBX-5"), "72.5");
  EXPECT_EQ(m.value("OBX[1]-6.3"), "UCUM");
  EXPECT_EQ(m.value("OBX[2]-5"), std::nullopt);
  EXPECT_EQ(m.value("MSH-1"), "|");
  EXPECT_EQ(m.value("MSH-2"), "^~\\&");
  EXPECT_EQ(m.value("MSH-9.2"), "A01");
  EXPECT_EQ(m.value("MSH-4.2"), "1.2.840.114350.1.13.99");
  EXPECT_EQ(m.value("ZPI-2.2"), "FLAG");
  EXPECT_EQ(m.value("XYZ-1"), std::nullopt);
}

TEST(Hl7ParserTest, BadSpecsAreNullopt) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  Message m = parse(bytes);
  for (const char* spec : {"PID", "PID-", "PID-0", "pid-3", "PID-3[0]", "PID-3.1.1.1", "PID-3.",
                           "PI-3", "PID3", "PID[x]-3", "PID-3]"}) {
    EXPECT_EQ(m.value(spec), std::nullopt) << spec;
    EXPECT_EQ(m.text(spec), std::nullopt) << spec;
  }
}

TEST(Hl7ParserTest, ExplicitNullDistinctFromEmpty) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  Message m = parse(bytes);
  EXPECT_EQ(m.value("PID-6"), "\"\"");
  EXPECT_TRUE(m.is_null("PID-6"));
  EXPECT_FALSE(m.is_null("PID-4"));  // empty: not sent
  EXPECT_FALSE(m.is_null("PID-5"));
  EXPECT_FALSE(m.is_null("PID-200"));
}

TEST(Hl7ParserTest, TextUnescapes) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  Message m = parse(bytes);
  EXPECT_EQ(m.text("AL1-3.2"), "Penicillin G & clavulanate");
  EXPECT_EQ(m.value("AL1-3.2"), "Penicillin G \\T\\ clavulanate");
  EXPECT_EQ(m.text("AL1-5"), "Rash^hives~itch");
  EXPECT_EQ(m.text("NTE-3"), "Family says: | is a pipe, \\ a backslash.\\.br\\Second line");
  EXPECT_EQ(m.text("MSH-2"), "^~\\&");  // never unescaped
  EXPECT_EQ(m.text("PID-4"), std::nullopt);
}

TEST(Hl7ParserTest, CustomDelimiters) {
  std::string bytes = read_fixture("adt_a01_custom_delimiters.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m.diagnostics().empty());
  Delimiters d = m.delimiters();
  EXPECT_EQ(d.field, '#');
  EXPECT_EQ(d.component, '$');
  EXPECT_EQ(d.repetition, '*');
  EXPECT_EQ(d.escape, '%');
  EXPECT_EQ(d.subcomponent, '@');
  EXPECT_EQ(d.truncation, '\0');
  EXPECT_EQ(m.header().sending_application, "EPICADT");
  EXPECT_EQ(m.header().trigger_event, "A01");
  EXPECT_EQ(m.value("MSH-1"), "#");
  EXPECT_EQ(m.value("MSH-2"), "$*%@");
  EXPECT_EQ(m.value("PID-3[2].1"), "990011224");
  EXPECT_EQ(m.value("PID-5.2"), "BRAVO");
  EXPECT_EQ(m.value("PV1-3.4.2"), "1.2.3");
  EXPECT_EQ(m.text("NTE-3"), "Rate 5 # 10 mg$h, ratio 1:2 @ night");
  EXPECT_EQ(m.value("NTE-3.1.2"), " night");
}

TEST(Hl7ParserTest, SwappedFieldAndRepetitionSeparators) {
  std::string bytes = read_fixture("adt_a24_swapped_delimiters.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.delimiters().field, '^');
  EXPECT_EQ(m.delimiters().component, '~');
  EXPECT_EQ(m.delimiters().repetition, '|');
  EXPECT_EQ(m.header().message_code, "ADT");
  EXPECT_EQ(m.header().trigger_event, "A24");
  EXPECT_EQ(m.header().version_id, "2.4");
  EXPECT_EQ(m.header().application_ack_type, "AL");
  EXPECT_EQ(m.value("PID-3[1].1"), "11111");
  EXPECT_EQ(m.value("PID-3[1].4.1"), "NORTHWIND");
  EXPECT_EQ(m.value("PID-3[1].4.3"), "L");
  EXPECT_EQ(m.value("PID-3[2].1"), "22222");
  EXPECT_EQ(m.value("PID[2]-3.1"), "33333");
  EXPECT_EQ(m.value("PID[2]-5.2"), "DELTA");
}

TEST(Hl7ParserTest, TruncationCharacterIsNotPartOfMsh3) {
  std::string bytes = read_fixture("oru_r01_v27_truncation.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.delimiters().truncation, '#');
  EXPECT_EQ(m.delimiters().subcomponent, '&');
  EXPECT_EQ(m.header().encoding_characters, "^~\\&#");
  EXPECT_EQ(m.header().sending_application, "PUMPGW");
  EXPECT_EQ(m.value("MSH-3"), "PUMPGW");
  EXPECT_EQ(m.header().version_id, "2.7");
  EXPECT_EQ(m.value("NTE[1]-3"), "Comment cut by sender#");
  EXPECT_EQ(m.text("NTE[2]-3"), "Room #4 is quiet");
}

TEST(Hl7ParserTest, ThreeEncodingCharactersMeanNoSubcomponents) {
  std::string bytes = read_fixture("adt_a08_three_encoding_chars.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.delimiters().escape, '\\');
  EXPECT_EQ(m.delimiters().subcomponent, '\0');
  EXPECT_EQ(m.value("PID-11.1"), "1 Smith & Sons Lane");
  EXPECT_EQ(m.text("PID-11.1"), "1 Smith & Sons Lane");
  EXPECT_EQ(m.value("PID-11.1.2"), std::nullopt);
  ASSERT_EQ(m.diagnostics().size(), 1u);
  const Diagnostic& d = m.diagnostics()[0];
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_EQ(d.code, "102");
  EXPECT_EQ(d.location.to_string(), "MSH[1]-2");
}

TEST(Hl7ParserTest, ThreeEncodingCharactersArePositional) {
  // "^~}": '}' is the escape character.
  Message a = parse("MSH|^~}|A|B|C|D|20260101||ADT^A01|1|P|2.4\rNTE|1||x}F}y & z");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.delimiters().escape, '}');
  EXPECT_EQ(a.delimiters().subcomponent, '\0');
  EXPECT_EQ(a.text("NTE-3"), "x|y & z");
  // "^\&": '\' is the repetition and '&' the escape character.
  Message b = parse("MSH|^\\&|A|B|C|D|20260101||ADT^A01|1|P|2.3\rPID|1||X1\\X2||DOE^JO");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b.delimiters().repetition, '\\');
  EXPECT_EQ(b.delimiters().escape, '&');
  EXPECT_EQ(b.value("PID-3[2]"), "X2");
}

TEST(Hl7ParserTest, InvalidDelimitersAreErrors) {
  Message dup = parse("MSH|^^\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\r");
  EXPECT_FALSE(dup.ok());
  const Diagnostic* d = find_code(dup, "102");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.to_string(), "MSH[1]-2");
  Message alnum = parse("MSHA^~\\&A1A2\r");
  EXPECT_FALSE(alnum.ok());
  Message empty_msh2 = parse("MSH||A|B|C|D|20260101||ADT^A01|1|P|2.5\r");
  EXPECT_FALSE(empty_msh2.ok());
  EXPECT_EQ(empty_msh2.delimiters(), Delimiters{});
  EXPECT_EQ(empty_msh2.header().control_id, "1");
  Message too_long = parse("MSH|^~\\&#!|A|B|C|D|20260101||ADT^A01|1|P|2.5\r");
  EXPECT_FALSE(too_long.ok());
}

TEST(Hl7TerminatorTest, LfCrlfAndMixedGiveTheSameSegments) {
  std::string cr = read_fixture("rde_o11_ketamine_cr.hl7");
  Message ref = parse(cr);
  ASSERT_TRUE(ref.ok());
  ASSERT_TRUE(ref.diagnostics().empty());
  ASSERT_EQ(ref.segment_count(), 8u);
  for (const char* name :
       {"rde_o11_ketamine_lf.hl7", "rde_o11_ketamine_crlf.hl7", "rde_o11_ketamine_mixed.hl7"}) {
    std::string bytes = read_fixture(name);
    Message m = parse(bytes);
    EXPECT_TRUE(m.ok()) << name;
    EXPECT_TRUE(m.diagnostics().empty()) << name;
    ASSERT_EQ(m.segment_count(), ref.segment_count()) << name;
    for (size_t i = 0; i < m.segment_count(); ++i) {
      EXPECT_EQ(m.segment_raw(i), ref.segment_raw(i)) << name << " segment " << i;
    }
    EXPECT_EQ(m.text("RXE-7"), ref.text("RXE-7")) << name;
  }
}

TEST(Hl7TerminatorTest, BlankAndWhitespaceLinesAreSkippedWithWarnings) {
  std::string bytes = read_fixture("adt_a08_blank_lines.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m.segment_count(), 3u);
  EXPECT_EQ(m.segment_id(2), "PV1");
  ASSERT_EQ(m.diagnostics().size(), 4u);
  size_t blank = bytes.find("\r\r") + 1;
  size_t spaces = bytes.find("   \t");
  size_t vt = bytes.find('\v');
  const auto& d = m.diagnostics();
  EXPECT_EQ(d[0].location.byte_offset, blank);
  EXPECT_EQ(d[0].message, "empty segment (blank line) skipped");
  EXPECT_EQ(d[1].location.byte_offset, spaces);
  EXPECT_EQ(d[1].message, "whitespace-only line skipped");
  EXPECT_EQ(d[2].location.byte_offset, vt);
  EXPECT_EQ(d[3].location.byte_offset, vt + 2);
  for (const auto& diag : d) {
    EXPECT_EQ(diag.severity, Severity::kWarning);
    EXPECT_EQ(diag.location.segment_index, 0u);
  }
}

TEST(Hl7TerminatorTest, Utf8BomIsStripped) {
  std::string bytes = read_fixture("adt_a04_bom_utf8.hl7");
  ASSERT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m.diagnostics().empty());
  EXPECT_EQ(m.raw().substr(0, 4), "MSH|");
  EXPECT_EQ(m.raw().size(), bytes.size() - 3);
  EXPECT_EQ(m.header().control_id, "MSG00007");
  EXPECT_EQ(m.text("PID-5.1"), "M\xC3\xBCller-Test");
  EXPECT_EQ(m.segment_count(), 3u);  // no final terminator
}

TEST(Hl7MalformedTest, CrInsideFieldGivesLocatedError) {
  std::string bytes = read_fixture("malformed_cr_inside_field.hl7");
  Message m = parse(bytes);
  EXPECT_FALSE(m.ok());
  ASSERT_EQ(m.diagnostics().size(), 1u);
  const Diagnostic& d = m.diagnostics()[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.code, "100");
  EXPECT_EQ(d.location.segment_index, 3u);
  EXPECT_EQ(d.location.segment_id, "");  // the bytes there may be patient data
  EXPECT_EQ(d.location.byte_offset, bytes.find("MA^^^^L"));
  EXPECT_EQ(d.message.find("MA"), std::string::npos);
  EXPECT_EQ(m.segment_id(3), "PV1");  // parsing continued
}

TEST(Hl7MalformedTest, NotHl7IsRejectedAtByteZero) {
  std::string bytes = read_fixture("malformed_not_hl7.hl7");
  Message m = parse(bytes);
  EXPECT_FALSE(m.ok());
  ASSERT_FALSE(m.diagnostics().empty());
  const Diagnostic& d = m.diagnostics()[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.location.byte_offset, 0u);
  EXPECT_EQ(d.location.segment_index, 1u);
  EXPECT_EQ(d.message, "not an HL7v2 message: expected MSH");
  EXPECT_FALSE(m.header().present);
}

TEST(Hl7MalformedTest, EmptyAndBatchInputs) {
  Message empty = parse("");
  EXPECT_FALSE(empty.ok());
  EXPECT_EQ(empty.diagnostics()[0].message, "empty message: expected MSH");
  Message blank = parse("\r\n \r");
  EXPECT_FALSE(blank.ok());
  Message batch = parse("FHS|^~\\&|A\rBHS|^~\\&|A\rMSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\r");
  EXPECT_FALSE(batch.ok());
  EXPECT_EQ(batch.diagnostics()[0].location.byte_offset, 0u);
}

TEST(Hl7MalformedTest, MissingMsh9AndMsh10KeepTheHeader) {
  std::string bytes = read_fixture("malformed_missing_msh9_msh10.hl7");
  Message m = parse(bytes);
  EXPECT_FALSE(m.ok());
  ASSERT_EQ(m.diagnostics().size(), 2u);
  EXPECT_EQ(m.diagnostics()[0].code, "101");
  EXPECT_EQ(m.diagnostics()[0].location.to_string(), "MSH[1]-9");
  EXPECT_EQ(m.diagnostics()[1].code, "101");
  EXPECT_EQ(m.diagnostics()[1].location.to_string(), "MSH[1]-10");
  EXPECT_TRUE(m.header().present);
  EXPECT_EQ(m.header().sending_application, "REGADT");
  EXPECT_EQ(m.header().processing_id, "P");
  EXPECT_EQ(m.header().version_id, "2.5.1");
  EXPECT_EQ(m.header().control_id, "");
}

TEST(Hl7MalformedTest, GluedSegmentsWarn) {
  std::string bytes = read_fixture("malformed_glued_segments.hl7");
  Message m = parse(bytes);
  EXPECT_TRUE(m.ok());
  ASSERT_EQ(m.diagnostics().size(), 1u);
  const Diagnostic& d = m.diagnostics()[0];
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_EQ(d.location.segment_id, "PID");
  EXPECT_EQ(d.location.field, 8u);
  EXPECT_EQ(d.location.byte_offset, bytes.find("OBX|"));
}

TEST(Hl7MalformedTest, SecondMshInOneBufferIsAnError) {
  std::string bytes = read_fixture("two_messages_msh_in_field.hl7");
  Message m = parse(bytes);
  EXPECT_FALSE(m.ok());
  const Diagnostic* d = find_code(m, "100");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.segment_index, 4u);
  EXPECT_EQ(d->location.segment_id, "MSH");
  EXPECT_EQ(d->location.segment_occurrence, 2u);
}

TEST(Hl7SegmentTest, ZSegmentsKeptUnknownSegmentsWarnOnce) {
  Message m = parse("MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rZXY|1\rQQQ|1\rQQQ|2\rPID|1\r");
  EXPECT_TRUE(m.ok());
  EXPECT_EQ(m.segment_count(), 5u);
  EXPECT_EQ(m.value("QQQ[2]-1"), "2");
  EXPECT_EQ(m.value("ZXY-1"), "1");
  ASSERT_EQ(m.diagnostics().size(), 1u);
  EXPECT_EQ(m.diagnostics()[0].severity, Severity::kWarning);
  EXPECT_EQ(m.diagnostics()[0].location.to_string(), "segment 3 (QQQ)");
}

TEST(Hl7SegmentTest, SegmentIdRules) {
  Message lower = parse("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rpid|1\r");
  EXPECT_FALSE(lower.ok());
  Message digit_first = parse("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\r1ID|1\r");
  EXPECT_FALSE(digit_first.ok());
  Message four = parse("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rPIDX|1\r");
  EXPECT_FALSE(four.ok());
  Message id_only = parse("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rNK1\r");
  EXPECT_TRUE(id_only.ok());
  EXPECT_EQ(id_only.segment_id(1), "NK1");
  EXPECT_EQ(id_only.field_count(1), 0u);
}

TEST(Hl7LimitsTest, MessageBytes) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  ParseLimits limits;
  limits.max_message_bytes = 300;
  Message m = parse(bytes, limits);
  EXPECT_FALSE(m.ok());
  const Diagnostic* d = find_code(m, "207");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("exceeds 300 bytes"), std::string::npos);
  EXPECT_EQ(d->location.byte_offset, 300u);
  EXPECT_TRUE(m.header().present);  // the header is still read for the rejection
  EXPECT_EQ(m.header().control_id, "MSG00001");
  EXPECT_EQ(m.segment_count(), 1u);
}

TEST(Hl7LimitsTest, SegmentCount) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  ParseLimits limits;
  limits.max_segments = 2;
  Message m = parse(bytes, limits);
  EXPECT_FALSE(m.ok());
  EXPECT_EQ(m.segment_count(), 2u);
  ASSERT_EQ(m.diagnostics().size(), 1u);
  EXPECT_EQ(m.diagnostics()[0].location.segment_index, 3u);
  EXPECT_EQ(m.diagnostics()[0].location.byte_offset, bytes.find("PID|"));
  EXPECT_NE(m.diagnostics()[0].message.find("exceeds 2 segments"), std::string::npos);
}

TEST(Hl7LimitsTest, FieldLength) {
  std::string bytes = read_fixture("oru_r01_long_field.hl7");
  EXPECT_TRUE(parse(bytes).ok());
  ParseLimits limits;
  limits.max_field_bytes = 100;
  Message m = parse(bytes, limits);
  EXPECT_FALSE(m.ok());
  ASSERT_EQ(m.diagnostics().size(), 1u);
  const Diagnostic& d = m.diagnostics()[0];
  EXPECT_EQ(d.code, "104");
  EXPECT_EQ(d.message, "field exceeds 100 bytes");
  EXPECT_EQ(d.location.to_string(), "OBX[1]-5");
  // Last field of a segment and MSH numbering.
  limits.max_field_bytes = 10;
  Message last = parse("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rPID|1|ABCDEFGHIJKLMNOP", limits);
  ASSERT_EQ(last.diagnostics().size(), 1u);
  EXPECT_EQ(last.diagnostics()[0].location.to_string(), "PID[1]-2");
  Message msh = parse("MSH|^~\\&|ABCDEFGHIJKLMNOP|B|C|D|1||ADT^A01|1|P|2.5\r", limits);
  ASSERT_EQ(msh.diagnostics().size(), 1u);
  EXPECT_EQ(msh.diagnostics()[0].location.to_string(), "MSH[1]-3");
}

TEST(Hl7ParserTest, ParseIntoResetsState) {
  std::string bad = read_fixture("malformed_cr_inside_field.hl7");
  std::string good = read_fixture("rde_o11_ketamine_cr.hl7");
  Message m;
  parse_into(bad, ParseLimits{}, m);
  EXPECT_FALSE(m.ok());
  parse_into(good, ParseLimits{}, m);
  EXPECT_TRUE(m.ok());
  EXPECT_TRUE(m.diagnostics().empty());
  EXPECT_EQ(m.segment_count(), 8u);
  EXPECT_EQ(m.header().control_id, "MSG00006");
  EXPECT_EQ(m.value("RXE-2.2"), "ketamine hydrochloride 10 MG/ML");
}

TEST(Hl7ParserTest, PiecesIterateWithoutCopy) {
  std::string bytes = read_fixture("adt_a01_standard.hl7");
  Message m = parse(bytes);
  std::string_view pid3 = *m.value("PID-3");
  std::vector<std::string_view> ids;
  for (std::string_view rep : Pieces(pid3, m.delimiters().repetition)) {
    ids.push_back(*piece(rep, m.delimiters().component, 1));
  }
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], "MRN4471");
  EXPECT_EQ(ids[1], "990011223");
  EXPECT_GE(ids[1].data(), bytes.data());  // a view into the caller's buffer
  EXPECT_LT(ids[1].data(), bytes.data() + bytes.size());
  EXPECT_EQ(m.decode(*m.value("AL1-3.2")), "Penicillin G & clavulanate");
}

}  // namespace
}  // namespace titrate::hl7v2
