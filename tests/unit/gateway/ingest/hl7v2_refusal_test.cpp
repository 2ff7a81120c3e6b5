// A message the listener refuses (its rate limit) gets AE with the reason and is not journaled,
// so the sender's resend is processed normally instead of being answered as a duplicate.
#include <gtest/gtest.h>

#include "gateway/ingest/hl7v2_ingest.h"
#include "mappers/hl7v2/message.h"
#include "tests/unit/gateway/ingest/hl7v2_ingest_fixture.h"

namespace titrate::ingest {
namespace {

constexpr const char* kReason = "rate limit exceeded (1 messages per second); resend later";

using test::adt;

class Hl7v2RefusalTest : public test::Hl7v2IngestFixture {
 protected:
  Hl7v2IngestResult send(const std::string& payload, std::string_view refusal) {
    Hl7v2Inbound in;
    in.channel = "ehr";
    in.payload = payload;
    in.refusal = refusal;
    return ingest_->accept(in);
  }
};

TEST_F(Hl7v2RefusalTest, RefusedMessageGetsAeWithTheReasonAndIsNotJournaled) {
  const Hl7v2IngestResult r = send(adt("R1"), kReason);
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(ack_field(r.replies[0], "MSA-1"), "AE");
  EXPECT_EQ(ack_field(r.replies[0], "MSA-2"), "R1");
  EXPECT_EQ(ack_field(r.replies[0], "ERR-3.1"), "207");
  EXPECT_EQ(ack_field(r.replies[0], "ERR-8"), kReason);
  EXPECT_EQ(ack_field(r.replies[0], "MSH-5"), "CLINICEHR");
  EXPECT_EQ(r.journal_id, 0);
  EXPECT_EQ(journal_->stats().appended, 0u);
  EXPECT_EQ(sink_.patients.load(), 0u);
}

TEST_F(Hl7v2RefusalTest, TheResendIsAcceptedNotAnsweredAsADuplicate) {
  ASSERT_EQ(ack_field(send(adt("R2"), kReason).replies[0], "MSA-1"), "AE");
  const Hl7v2IngestResult resend = send(adt("R2"), "");
  EXPECT_EQ(ack_field(resend.replies[0], "MSA-1"), "AA");
  EXPECT_FALSE(resend.duplicate);
  EXPECT_NE(resend.journal_id, 0);
}

TEST_F(Hl7v2RefusalTest, EnhancedModeGetsACommitError) {
  const Hl7v2IngestResult r = send(adt("R3", "CLINICEHR", "|||AL|AL"), kReason);
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(ack_field(r.replies[0], "MSA-1"), "CE");
  EXPECT_EQ(ack_field(r.replies[0], "ERR-8"), kReason);
}

TEST_F(Hl7v2RefusalTest, AnUnparseablePayloadStillGetsANak) {
  const Hl7v2IngestResult r = send("not hl7 at all", kReason);
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(ack_field(r.replies[0], "MSA-1"), "AE");
  EXPECT_EQ(journal_->stats().appended, 0u);
}

}  // namespace
}  // namespace titrate::ingest
