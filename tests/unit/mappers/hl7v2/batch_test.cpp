#include "mappers/hl7v2/batch.h"

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

TEST(BatchTest, FhsBhsEnvelope) {
  std::string bytes = read_fixture("batch_fhs_bhs_two_messages.hl7");
  SplitResult r = split_messages(bytes);
  EXPECT_TRUE(r.batch);
  EXPECT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.messages.size(), 2u);
  size_t first = bytes.find("MSH|");
  size_t second = bytes.find("MSH|", first + 1);
  size_t bts = bytes.find("BTS|");
  EXPECT_EQ(r.messages[0], std::string_view(bytes).substr(first, second - first));
  EXPECT_EQ(r.messages[1], std::string_view(bytes).substr(second, bts - second));
  Message a = parse(r.messages[0]);
  Message b = parse(r.messages[1]);
  EXPECT_TRUE(a.ok());
  EXPECT_TRUE(b.ok());
  EXPECT_TRUE(a.diagnostics().empty());
  EXPECT_EQ(a.header().control_id, "MSG00011");
  EXPECT_EQ(b.header().control_id, "MSG00012");
  EXPECT_EQ(b.segment_count(), 4u);
}

TEST(BatchTest, CountMismatchesWarn) {
  std::string bytes = read_fixture("batch_count_mismatch.hl7");  // LF terminated
  SplitResult r = split_messages(bytes);
  ASSERT_EQ(r.messages.size(), 2u);
  ASSERT_EQ(r.diagnostics.size(), 2u);
  const Diagnostic& bts = r.diagnostics[0];
  EXPECT_EQ(bts.severity, Severity::kWarning);
  EXPECT_EQ(bts.location.segment_id, "BTS");
  EXPECT_EQ(bts.location.field, 1u);
  EXPECT_EQ(bts.location.byte_offset, bytes.find("BTS|"));
  EXPECT_EQ(bts.message, "BTS-1 batch message count 3 does not match the 2 messages in the batch");
  const Diagnostic& fts = r.diagnostics[1];
  EXPECT_EQ(fts.location.segment_id, "FTS");
  EXPECT_EQ(fts.message, "FTS-1 file batch count 2 does not match the 1 batches in the file");
  EXPECT_EQ(r.messages[1].substr(r.messages[1].size() - 3), "|R\n");
  EXPECT_TRUE(parse(r.messages[1]).ok());
}

TEST(BatchTest, ConcatenatedMessagesSplitOnlyAtSegmentStarts) {
  std::string bytes = read_fixture("two_messages_msh_in_field.hl7");
  SplitResult r = split_messages(bytes);
  EXPECT_FALSE(r.batch);
  EXPECT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.messages.size(), 2u);
  Message a = parse(r.messages[0]);
  Message b = parse(r.messages[1]);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a.segment_count(), 3u);
  EXPECT_EQ(a.value("PID-6"), "MSH");
  EXPECT_EQ(a.value("PV1-3.1"), "MSH");
  EXPECT_EQ(b.header().control_id, "MSG00014");
  EXPECT_EQ(r.messages[0].size() + r.messages[1].size(), bytes.size());
}

TEST(BatchTest, SingleMessageAndBom) {
  std::string bytes = read_fixture("adt_a04_bom_utf8.hl7");
  SplitResult r = split_messages(bytes);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0], std::string_view(bytes).substr(3));
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_FALSE(r.batch);
}

TEST(BatchTest, NotHl7) {
  std::string bytes = read_fixture("malformed_not_hl7.hl7");
  SplitResult r = split_messages(bytes);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0], bytes);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kError);
  EXPECT_EQ(r.diagnostics[0].location.segment_index, 1u);
  EXPECT_EQ(r.diagnostics[0].location.byte_offset, 0u);
}

TEST(BatchTest, EnvelopeProblems) {
  const std::string msg = "MSH|^~\\&|A|B|C|D|1||ORU^R01|1|P|2.5\rPID|1\r";
  // SplitResult holds views: keep every input alive.
  const std::string stray_in = msg + "FTS|1\r";
  SplitResult stray = split_messages(stray_in);
  ASSERT_EQ(stray.messages.size(), 1u);
  EXPECT_EQ(stray.messages[0], msg);
  ASSERT_EQ(stray.diagnostics.size(), 1u);
  EXPECT_EQ(stray.diagnostics[0].message, "FTS without FHS");
  EXPECT_EQ(stray.diagnostics[0].location.segment_index, 3u);

  const std::string open_in = "BHS|^~\\&|A\r" + msg;
  SplitResult open = split_messages(open_in);
  ASSERT_EQ(open.messages.size(), 1u);
  ASSERT_EQ(open.diagnostics.size(), 1u);
  EXPECT_EQ(open.diagnostics[0].message, "batch not closed: BTS missing");

  const std::string outside_in = "BHS|^~\\&|A\rNTE|1\r" + msg + "BTS|1\r";
  SplitResult outside = split_messages(outside_in);
  ASSERT_EQ(outside.messages.size(), 1u);
  ASSERT_EQ(outside.diagnostics.size(), 1u);
  EXPECT_EQ(outside.diagnostics[0].message, "segment outside any message ignored");

  SplitResult empty = split_messages("");
  EXPECT_TRUE(empty.messages.empty());
  ASSERT_EQ(empty.diagnostics.size(), 1u);
  EXPECT_EQ(empty.diagnostics[0].severity, Severity::kError);
}

TEST(BatchTest, LeadingBlankLinesSkipped) {
  const std::string msg = "MSH|^~\\&|A|B|C|D|1||ORU^R01|1|P|2.5\rPID|1\r";
  const std::string in = "\r\n" + msg;
  SplitResult r = split_messages(in);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0], msg);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
}

TEST(BatchTest, BatchCountsWithEmptyBtsField) {
  const std::string msg = "MSH|^~\\&|A|B|C|D|1||ORU^R01|1|P|2.5\r";
  const std::string in = "FHS|^~\\&\rBHS|^~\\&\r" + msg + msg + msg + "BTS\rFTS|1\r";
  SplitResult r = split_messages(in);
  EXPECT_EQ(r.messages.size(), 3u);
  EXPECT_TRUE(r.diagnostics.empty());
}

}  // namespace
}  // namespace titrate::hl7v2
