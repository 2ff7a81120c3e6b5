#include "mappers/hl7v2/charset.h"

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

TEST(CharsetTest, Msh18Values) {
  EXPECT_EQ(charset_from_msh18(""), Charset::kAscii);
  EXPECT_EQ(charset_from_msh18("ASCII"), Charset::kAscii);
  EXPECT_EQ(charset_from_msh18("UNICODE UTF-8"), Charset::kUtf8);
  EXPECT_EQ(charset_from_msh18("unicode utf-8"), Charset::kUtf8);
  EXPECT_EQ(charset_from_msh18("UTF-8"), Charset::kUtf8);
  EXPECT_EQ(charset_from_msh18("8859/1"), Charset::kLatin1);
  EXPECT_EQ(charset_from_msh18(" 8859/1 "), Charset::kLatin1);
  EXPECT_EQ(charset_from_msh18("8859/15"), Charset::kUnsupported);
  EXPECT_EQ(charset_from_msh18("ISO IR87"), Charset::kUnsupported);
  EXPECT_EQ(charset_from_msh18("UNICODE UTF-16"), Charset::kUnsupported);
}

TEST(CharsetTest, Utf8Validation) {
  size_t at = 99;
  EXPECT_TRUE(is_valid_utf8("plain ascii text, long enough for the 8-byte path"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x92\x89"));
  EXPECT_FALSE(is_valid_utf8("abc\xC0\x80", &at));  // overlong
  EXPECT_EQ(at, 3u);
  EXPECT_FALSE(is_valid_utf8("0123456789\xED\xA0\x80", &at));  // surrogate
  EXPECT_EQ(at, 10u);
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80", &at));  // > U+10FFFF
  EXPECT_EQ(at, 0u);
  EXPECT_FALSE(is_valid_utf8("ab\xE2\x80", &at));  // truncated
  EXPECT_EQ(at, 2u);
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("\x80"));
}

TEST(CharsetTest, HighBitBulkCheck) {
  std::string s(40, 'a');
  EXPECT_FALSE(has_high_bit(s));
  s[37] = '\xE9';
  EXPECT_TRUE(has_high_bit(s));
  s[37] = 'a';
  s[5] = '\x80';
  EXPECT_TRUE(has_high_bit(s));
  EXPECT_FALSE(has_high_bit(""));
}

TEST(CharsetTest, Conversions) {
  std::string out;
  latin1_to_utf8_append("H\xE9l\xE8ne \xFF", out);
  EXPECT_EQ(out, "H\xC3\xA9l\xC3\xA8ne \xC3\xBF");
  out.clear();
  sanitize_utf8_append("ok\xFFok\xC3\xA9", out);
  EXPECT_EQ(out, "ok\xEF\xBF\xBDok\xC3\xA9");
}

TEST(CharsetTest, Latin1MessageDecodesToUtf8) {
  std::string bytes = read_fixture("adt_a04_latin1.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m.diagnostics().empty());  // Latin-1 bytes are not UTF-8 and must not be flagged
  EXPECT_EQ(m.header().charset, Charset::kLatin1);
  EXPECT_EQ(m.value("PID-5.1"), "H\xE9l\xE8ne-Test");
  EXPECT_EQ(m.text("PID-5.1"), "H\xC3\xA9l\xC3\xA8ne-Test");
  EXPECT_EQ(m.text("PID-5.2"), "Fran\xC3\xA7ois");
}

TEST(CharsetTest, Utf8MessageKeepsText) {
  std::string bytes = read_fixture("adt_a04_bom_utf8.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.text("PID-5.2"), "Zo\xC3\xAB");
  EXPECT_EQ(m.text("NTE-3"),
            "Temperatur 37,5 \xC2\xB0"
            "C \xE2\x80\x93 stabil");
}

TEST(CharsetTest, InvalidUtf8IsALocatedError) {
  std::string bytes = read_fixture("adt_a04_invalid_utf8.hl7");
  Message m = parse(bytes);
  EXPECT_FALSE(m.ok());
  ASSERT_EQ(m.diagnostics().size(), 1u);
  const Diagnostic& d = m.diagnostics()[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.code, "102");
  EXPECT_EQ(d.message, "invalid UTF-8 for character set UNICODE UTF-8");
  EXPECT_EQ(d.location.byte_offset, bytes.find('\xFF'));
  EXPECT_EQ(d.location.to_string(), "PID[1]-5[1].2.1");
}

TEST(CharsetTest, AsciiDeclaredAcceptsValidUtf8ButNotGarbage) {
  const std::string head = "MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rPID|1||X||";
  Message ok = parse(head + "Zo\xC3\xAB");
  EXPECT_TRUE(ok.ok());
  Message bad = parse(head + "Zo\xEB");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.diagnostics()[0].message, "invalid UTF-8 for character set ASCII");
}

TEST(CharsetTest, UnsupportedCharsetIsError103) {
  std::string bytes = read_fixture("adt_a04_unsupported_charset.hl7");
  Message m = parse(bytes);
  EXPECT_FALSE(m.ok());
  ASSERT_EQ(m.diagnostics().size(), 1u);
  EXPECT_EQ(m.diagnostics()[0].code, "103");
  EXPECT_EQ(m.diagnostics()[0].location.to_string(), "MSH[1]-18");
  EXPECT_EQ(m.header().control_id, "MSG00010");
}

TEST(CharsetTest, HexEscapesFollowTheCharset) {
  Message latin = parse("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5|||||FRA|8859/1\rNTE|1||caf\\XE9\\");
  EXPECT_EQ(latin.text("NTE-3"), "caf\xC3\xA9");
  Message utf8 = parse("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rNTE|1||caf\\XC3A9\\ \\XE9\\");
  EXPECT_EQ(utf8.text("NTE-3"), "caf\xC3\xA9 \xEF\xBF\xBD");  // a lone E9 is not UTF-8
}

}  // namespace
}  // namespace titrate::hl7v2
