#include "mappers/hl7v2/escape.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace titrate::hl7v2 {
namespace {

const Delimiters kStd;

Delimiters custom() {
  Delimiters d;
  d.field = '#';
  d.component = '$';
  d.repetition = '*';
  d.escape = '%';
  d.subcomponent = '@';
  return d;
}

TEST(EscapeTest, DelimiterSequences) {
  EXPECT_EQ(unescape("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f", kStd), "a|b^c&d~e\\f");
  EXPECT_EQ(unescape("%F%%S%%T%%R%%E%", custom()), "#$@*%");
  EXPECT_EQ(unescape("no escapes here", kStd), "no escapes here");
  EXPECT_EQ(unescape("", kStd), "");
}

TEST(EscapeTest, HexSequences) {
  EXPECT_EQ(unescape("\\X41\\", kStd), "A");
  EXPECT_EQ(unescape("x\\X0D0A\\y", kStd), "x\r\ny");
  EXPECT_EQ(unescape("\\X0d\\", kStd), "\r");  // lower-case hex accepted
  EXPECT_EQ(unescape("\\XC3A9\\", kStd), "\xC3\xA9");
}

TEST(EscapeTest, FormattingAndCharsetSequencesStayVerbatim) {
  for (const char* raw : {"\\.br\\", "\\.sp\\", "\\.sp3\\", "\\.sp+3\\", "\\.in+4\\", "\\.in-2\\",
                          "\\.ti-2\\", "\\.sk+1\\", "\\.ce\\", "\\.fi\\", "\\.nf\\", "\\H\\",
                          "\\N\\", "\\Zlocal\\", "\\C2842\\", "\\M2842\\", "\\M284232\\"}) {
    std::vector<Diagnostic> diags;
    EXPECT_EQ(unescape(std::string("a") + raw + "b", kStd, &diags), std::string("a") + raw + "b")
        << raw;
    EXPECT_TRUE(diags.empty()) << raw;
  }
  EXPECT_EQ(unescape("\\H\\bold\\N\\\\.br\\next", kStd), "\\H\\bold\\N\\\\.br\\next");
}

TEST(EscapeTest, UnknownSequenceKeptAndReported) {
  Location where;
  where.segment_id = "NTE";
  where.segment_index = 5;
  where.segment_occurrence = 1;
  where.field = 3;
  where.byte_offset = 200;
  std::vector<Diagnostic> diags;
  EXPECT_EQ(unescape("ab\\Q\\cd", kStd, &diags, where), "ab\\Q\\cd");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].severity, Severity::kWarning);
  EXPECT_EQ(diags[0].code, "102");
  EXPECT_EQ(diags[0].message, "unknown escape sequence kept verbatim");
  EXPECT_EQ(diags[0].location.byte_offset, 202u);
  EXPECT_EQ(diags[0].location.to_string(), "NTE[1]-3");

  for (const char* bad :
       {"\\\\", "\\X4\\", "\\XZZ\\", "\\X\\", "\\.xx\\", "\\.br2\\", "\\C28\\", "\\.sp+\\"}) {
    std::vector<Diagnostic> d;
    EXPECT_EQ(unescape(bad, kStd, &d), bad) << bad;
    EXPECT_EQ(d.size(), 1u) << bad;
    EXPECT_TRUE(has_unknown_escape(bad, kStd)) << bad;
  }
}

TEST(EscapeTest, UnterminatedSequenceKeptAndReported) {
  std::vector<Diagnostic> diags;
  EXPECT_EQ(unescape("tail \\F", kStd, &diags), "tail \\F");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].message, "unterminated escape sequence kept verbatim");
  EXPECT_EQ(diags[0].location.byte_offset, 5u);
  // A separator ends the sequence (unescaping a whole composite field).
  diags.clear();
  EXPECT_EQ(unescape("a\\F^b\\S\\", kStd, &diags), "a\\F^b^");
  EXPECT_EQ(diags.size(), 1u);
  EXPECT_FALSE(has_unknown_escape("a\\F\\b", kStd));
}

TEST(EscapeTest, TruncationCharacter) {
  Delimiters d;
  d.truncation = '#';
  EXPECT_EQ(unescape("Room \\P\\4", d), "Room #4");
  EXPECT_EQ(escape("Room #4", d), "Room \\P\\4");
  EXPECT_EQ(escape("Room #4", kStd), "Room #4");  // no truncation character declared
  EXPECT_TRUE(has_unknown_escape("\\P\\", kStd));
}

TEST(EscapeTest, EscapeAppend) {
  EXPECT_EQ(escape("a|b^c&d~e\\f", kStd), "a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f");
  EXPECT_EQ(escape("#$@*%", custom()), "%F%%S%%T%%R%%E%");
  EXPECT_EQ(escape("line1\r\nline2", kStd), "line1\\X0D\\\\X0A\\line2");
  EXPECT_EQ(escape(std::string("bell\x07") + "del\x7F", kStd), "bell\\X07\\del\\X7F\\");
  EXPECT_EQ(escape("tab\tkept", kStd), "tab\tkept");
  EXPECT_EQ(escape("caf\xC3\xA9", kStd), "caf\xC3\xA9");
  std::string out = "prefix:";
  escape_append("x|y", kStd, out);
  EXPECT_EQ(out, "prefix:x\\F\\y");
}

TEST(EscapeTest, EscapeKeepsFormattingSequences) {
  EXPECT_EQ(escape("one\\.br\\two", kStd), "one\\.br\\two");
  EXPECT_EQ(escape("\\H\\bold\\N\\", kStd), "\\H\\bold\\N\\");
  EXPECT_EQ(escape("\\Zlocal\\ \\C2842\\", kStd), "\\Zlocal\\ \\C2842\\");
  // Not a complete formatting sequence: the backslash is data.
  EXPECT_EQ(escape("C:\\temp\\x", kStd), "C:\\E\\temp\\E\\x");
  EXPECT_EQ(escape("\\.br", kStd), "\\E\\.br");
  EXPECT_EQ(escape("\\", kStd), "\\E\\");
}

TEST(EscapeTest, RoundTripOnWellFormedValues) {
  for (const char* raw : {"plain", "a\\F\\b", "\\S\\\\T\\\\R\\\\E\\", "x\\X0D\\\\X0A\\y",
                          "\\H\\b\\N\\\\.br\\t", "CBC \\T\\ Auto Differential", "10\\S\\9/L",
                          "\\.sp2\\\\.in+4\\txt\\.ce\\", "\\Zabc\\", "\\X07\\", "", "\"\""}) {
    EXPECT_EQ(escape(unescape(raw, kStd), kStd), raw) << raw;
  }
  EXPECT_EQ(escape(unescape("%F%a%.br%b", custom()), custom()), "%F%a%.br%b");
}

TEST(EscapeTest, NonCanonicalHexIsNormalised) {
  EXPECT_EQ(escape(unescape("\\X0D0A\\", kStd), kStd), "\\X0D\\\\X0A\\");
  EXPECT_EQ(escape(unescape("\\X41\\", kStd), kStd), "A");
}

TEST(EscapeTest, NoEscapeCharacterDeclared) {
  Delimiters d;
  d.escape = '\0';
  d.subcomponent = '\0';
  EXPECT_EQ(unescape("a\\F\\b", d), "a\\F\\b");
  EXPECT_EQ(escape("a|b^c&d", d), "a b c&d");
}

TEST(EscapeTest, PlainText) {
  EXPECT_EQ(to_plain_text("one\\.br\\two"), "one\ntwo");
  EXPECT_EQ(to_plain_text("\\H\\Impression\\N\\: ok"), "Impression: ok");
  EXPECT_EQ(to_plain_text("a\\.sp2\\b\\.sp\\c"), "a\n\nb\nc");
  EXPECT_EQ(to_plain_text("\\.ce\\Title\\.in+4\\x\\.sk+2\\y"), "\nTitlex  y");
  EXPECT_EQ(to_plain_text("\\Zlocal\\k\\C2842\\"), "k");
  EXPECT_EQ(to_plain_text("C:\\temp\\x"), "C:\\temp\\x");
  EXPECT_EQ(to_plain_text("end\\"), "end\\");
  EXPECT_EQ(to_plain_text("a%.br%b", '%'), "a\nb");
}

}  // namespace
}  // namespace titrate::hl7v2
