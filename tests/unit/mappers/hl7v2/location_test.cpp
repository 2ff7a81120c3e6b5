#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mappers/hl7v2/diagnostic.h"
#include "mappers/hl7v2/message.h"
#include "mappers/hl7v2/path.h"
#include "mappers/hl7v2/pieces.h"

namespace titrate::hl7v2 {
namespace {

Location loc(std::string id, uint32_t index, uint32_t occurrence, uint32_t field, uint32_t rep = 0,
             uint32_t comp = 0, uint32_t sub = 0) {
  Location l;
  l.segment_id = std::move(id);
  l.segment_index = index;
  l.segment_occurrence = occurrence;
  l.field = field;
  l.repetition = rep;
  l.component = comp;
  l.subcomponent = sub;
  return l;
}

TEST(LocationTest, ToString) {
  EXPECT_EQ(loc("PID", 3, 1, 3, 2, 4, 1).to_string(), "PID[1]-3[2].4.1");
  EXPECT_EQ(loc("PID", 3, 1, 3).to_string(), "PID[1]-3");
  EXPECT_EQ(loc("OBX", 7, 2, 5, 0, 2).to_string(), "OBX[2]-5.2");
  EXPECT_EQ(loc("OBX", 4, 1, 0).to_string(), "segment 4 (OBX)");
  EXPECT_EQ(loc("", 4, 0, 0).to_string(), "segment 4");
  EXPECT_EQ(loc("", 4, 0, 2).to_string(), "segment 4-2");
  Location bytes;
  bytes.byte_offset = 17;
  EXPECT_EQ(bytes.to_string(), "byte 17");
  EXPECT_EQ(Location{}.to_string(), "");
}

TEST(LocationTest, ToErl) {
  Delimiters d;
  EXPECT_EQ(loc("PID", 3, 1, 3).to_erl(d), "PID^1^3");
  EXPECT_EQ(loc("PID", 3, 1, 3, 2, 4, 1).to_erl(d), "PID^1^3^2^4^1");
  EXPECT_EQ(loc("OBX", 7, 2, 5, 0, 1).to_erl(d), "OBX^2^5^^1");
  EXPECT_EQ(loc("MSH", 1, 1, 0).to_erl(d), "MSH^1");
  EXPECT_EQ(loc("", 4, 0, 2).to_erl(d), "");
  Delimiters custom;
  custom.component = '$';
  EXPECT_EQ(loc("PID", 3, 1, 3).to_erl(custom), "PID$1$3");
}

TEST(LocationTest, ErrorCodeText) {
  EXPECT_EQ(error_code_text("100"), "Segment sequence error");
  EXPECT_EQ(error_code_text("101"), "Required field missing");
  EXPECT_EQ(error_code_text("102"), "Data type error");
  EXPECT_EQ(error_code_text("103"), "Table value not found");
  EXPECT_EQ(error_code_text("207"), "Application internal error");
  EXPECT_EQ(error_code_text("999"), "");
  EXPECT_EQ(to_string(Severity::kWarning), "warning");
}

TEST(LocationTest, ParsedLocationsAreExact) {
  const std::string bytes =
      "MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rOBX|1\rOBX|2|ST|X||a~b^c&\\Q\\\r";
  Message m = parse(bytes);
  ASSERT_EQ(m.diagnostics().size(), 1u);
  const Location& l = m.diagnostics()[0].location;
  EXPECT_EQ(l.segment_id, "OBX");
  EXPECT_EQ(l.segment_index, 3u);
  EXPECT_EQ(l.segment_occurrence, 2u);
  EXPECT_EQ(l.field, 5u);
  EXPECT_EQ(l.repetition, 2u);
  EXPECT_EQ(l.component, 2u);
  EXPECT_EQ(l.subcomponent, 2u);
  EXPECT_EQ(l.byte_offset, bytes.find("\\Q\\"));
  EXPECT_EQ(l.to_string(), "OBX[2]-5[2].2.2");
  EXPECT_EQ(l.to_erl(m.delimiters()), "OBX^2^5^2^2^2");
}

TEST(LocationTest, LocationInASimpleField) {
  const std::string bytes = "MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rNTE|1||x\\Q\\\r";
  Message m = parse(bytes);
  ASSERT_EQ(m.diagnostics().size(), 1u);
  const Location& l = m.diagnostics()[0].location;
  EXPECT_EQ(l.to_string(), "NTE[1]-3[1].1.1");
  EXPECT_EQ(l.byte_offset, bytes.find("\\Q"));
}

TEST(Hl7PathTest, Parse) {
  auto p = parse_path("PID-3[2].4.1");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->segment, "PID");
  EXPECT_EQ(p->occurrence, 1u);
  EXPECT_EQ(p->field, 3u);
  EXPECT_EQ(p->repetition, 2u);
  EXPECT_EQ(p->component, 4u);
  EXPECT_EQ(p->subcomponent, 1u);
  auto q = parse_path("OBX[12]-5");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->occurrence, 12u);
  EXPECT_EQ(q->field, 5u);
  EXPECT_EQ(q->repetition, 0u);
  EXPECT_TRUE(parse_path("ZX1-1"));
  for (const char* bad :
       {"", "PID", "PID-", "PID-x", "PID-0", "PID[0]-1", "PID-1[", "PID-1[1", "PID-1.", "PID-1.0",
        "PID-1.1.", "PID-1.1.1.1", "Pid-1", "PID_1", "PID-99999999", "PID-1 "}) {
    EXPECT_FALSE(parse_path(bad)) << bad;
  }
}

TEST(Hl7PiecesTest, SplitHelpers) {
  EXPECT_EQ(piece("a^b^c", '^', 2), "b");
  EXPECT_EQ(piece("a^b^c", '^', 3), "c");
  EXPECT_EQ(piece("a^b^c", '^', 4), std::nullopt);
  EXPECT_EQ(piece("a^b^", '^', 3), "");
  EXPECT_EQ(piece("", '^', 1), "");
  EXPECT_EQ(piece("a&b", '\0', 1), "a&b");
  EXPECT_EQ(piece("a&b", '\0', 2), std::nullopt);
  EXPECT_EQ(piece("a", '^', 0), std::nullopt);
  EXPECT_EQ(piece_count("a^b^", '^'), 3u);
  EXPECT_EQ(piece_count("", '^'), 1u);
  EXPECT_EQ(piece_count("a^b", '\0'), 1u);
  std::vector<std::string_view> parts;
  for (std::string_view p : Pieces("^x^^y^", '^')) parts.push_back(p);
  EXPECT_EQ(parts, (std::vector<std::string_view>{"", "x", "", "y", ""}));
  parts.clear();
  for (std::string_view p : Pieces("", '~')) parts.push_back(p);
  EXPECT_EQ(parts, (std::vector<std::string_view>{""}));
}

}  // namespace
}  // namespace titrate::hl7v2
