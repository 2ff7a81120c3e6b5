#include "gateway/ingest/hl7v2_ingest.h"

#include <gtest/gtest.h>

#include "mappers/hl7v2/message.h"
#include "tests/unit/gateway/ingest/hl7v2_ingest_fixture.h"

namespace titrate::ingest {
namespace {

using test::adt;

class Hl7v2IngestTest : public test::Hl7v2IngestFixture {
 protected:
  Hl7v2IngestResult accept(const std::string& payload,
                           const std::vector<config::AllowedSender>* allowed = nullptr) {
    Hl7v2Inbound in;
    in.channel = "ehr";
    in.allowed_senders = allowed;
    in.payload = payload;
    return ingest_->accept(in);
  }
};

TEST_F(Hl7v2IngestTest, AcceptedMessageIsJournaledWithItsAck) {
  const std::string msg = adt("C1");
  Hl7v2IngestResult r = accept(msg);
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(msa(r.replies[0], 1), "AA");
  EXPECT_EQ(msa(r.replies[0], 2), "C1");
  EXPECT_EQ(r.state, store::JournalState::kAccepted);
  auto record = journal_->get(r.journal_id);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->raw, msg);
  EXPECT_EQ(record->sender, "CLINICEHR|NORTHCLINIC");
  EXPECT_EQ(record->control_id, "C1");
  EXPECT_EQ(record->message_type, "ADT^A04");
  EXPECT_EQ(record->ack, r.replies[0]);
  EXPECT_EQ(record->channel, "ehr");
}

TEST_F(Hl7v2IngestTest, MappedMessageGoesToTheSinkOnce) {
  accept(adt("M1"));
  accept(adt("M1"));
  EXPECT_EQ(sink_.patients, 1u);
}

TEST_F(Hl7v2IngestTest, UnmappableMessageGetsAeAndStaysFailedUntilTheProfileIsFixed) {
  profile::MappingProfile strict;
  strict.name = "strict";
  strict.required = {"PV1-19"};
  profiles_->replace({strict});
  Hl7v2IngestResult r = accept(adt("M2"));
  ASSERT_EQ(r.replies.size(), 1u);
  const hl7v2::Message ack = hl7v2::parse(r.replies[0]);
  EXPECT_EQ(ack.text("MSA-1").value_or(""), "AE");
  EXPECT_EQ(ack.value("ERR-2").value_or(""), "PV1^1^19");
  EXPECT_EQ(r.state, store::JournalState::kFailed);
  EXPECT_EQ(ingest_->mapping_failures(), 1u);
  EXPECT_EQ(sink_.patients, 0u);

  profile::MappingProfile relaxed;
  relaxed.name = "relaxed";
  profiles_->replace({relaxed});
  config::GatewayConfig config;
  EXPECT_EQ(ingest_->replay(r.journal_id, config).first, store::JournalState::kAccepted);
  EXPECT_EQ(sink_.patients, 1u);
}

TEST_F(Hl7v2IngestTest, EnhancedModeMappingFailureIsCommittedButNotApplied) {
  profile::MappingProfile strict;
  strict.name = "strict";
  strict.required = {"PV1-19"};
  profiles_->replace({strict});
  Hl7v2IngestResult r = accept(adt("M3", "CLINICEHR", "|||AL|AL"));
  ASSERT_EQ(r.replies.size(), 2u);
  EXPECT_EQ(msa(r.replies[0], 1), "CA");
  EXPECT_EQ(msa(r.replies[1], 1), "AE");
}

TEST_F(Hl7v2IngestTest, DuplicateGetsTheOriginalAck) {
  Hl7v2IngestResult first = accept(adt("C2"));
  Hl7v2IngestResult second = accept(adt("C2"));
  EXPECT_TRUE(second.duplicate);
  EXPECT_EQ(second.journal_id, first.journal_id);
  EXPECT_EQ(second.replies, first.replies);
  EXPECT_EQ(ingest_->duplicates(), 1u);
  EXPECT_EQ(journal_->list({}).size(), 1u);
}

TEST_F(Hl7v2IngestTest, UnparseableIsRejectedAndKept) {
  Hl7v2IngestResult r = accept("hello, not HL7");
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(msa(r.replies[0], 1), "AR");
  EXPECT_EQ(r.state, store::JournalState::kRejected);
  auto record = journal_->get(r.journal_id);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->raw, "hello, not HL7");
  EXPECT_FALSE(record->error.empty());
}

TEST_F(Hl7v2IngestTest, ErrorsNameTheirLocationInErr) {
  Hl7v2IngestResult r = accept(adt(""));
  ASSERT_EQ(r.replies.size(), 1u);
  const hl7v2::Message ack = hl7v2::parse(r.replies[0]);
  EXPECT_EQ(ack.text("MSA-1").value_or(""), "AR");
  EXPECT_EQ(ack.value("ERR-2").value_or(""), "MSH^1^10");
  EXPECT_EQ(ack.text("ERR-3.1").value_or(""), "101");
  EXPECT_EQ(journal_->get(r.journal_id)->error.find("MSH"), 0u);
}

TEST_F(Hl7v2IngestTest, EnhancedModeAcceptAck) {
  Hl7v2IngestResult r = accept(adt("C3", "CLINICEHR", "|||AL|NE"));
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(msa(r.replies[0], 1), "CA");
}

TEST_F(Hl7v2IngestTest, EnhancedModeBothAcksAreJournaledAndReplayedForADuplicate) {
  Hl7v2IngestResult r = accept(adt("C4", "CLINICEHR", "|||AL|AL"));
  ASSERT_EQ(r.replies.size(), 2u);
  EXPECT_EQ(msa(r.replies[0], 1), "CA");
  EXPECT_EQ(msa(r.replies[1], 1), "AA");
  Hl7v2IngestResult dup = accept(adt("C4", "CLINICEHR", "|||AL|AL"));
  EXPECT_EQ(dup.replies, r.replies);
}

TEST_F(Hl7v2IngestTest, NoAckWhenTheSenderAsksForNone) {
  Hl7v2IngestResult r = accept(adt("C5", "CLINICEHR", "|||NE|NE"));
  EXPECT_TRUE(r.replies.empty());
  EXPECT_GT(r.journal_id, 0);
}

TEST_F(Hl7v2IngestTest, SenderAllowlist) {
  std::vector<config::AllowedSender> allowed{{"CLINICEHR", "NORTHCLINIC"}};
  EXPECT_EQ(msa(accept(adt("C6"), &allowed).replies[0], 1), "AA");
  Hl7v2IngestResult r = accept(adt("C7", "STRANGER"), &allowed);
  EXPECT_EQ(msa(r.replies[0], 1), "AR");
  EXPECT_EQ(r.state, store::JournalState::kRejected);
}

TEST_F(Hl7v2IngestTest, OversizedFrameIsRejectedKeptTruncatedAndNotReplayable) {
  const std::string head = adt("C8").substr(0, 60);
  Hl7v2Inbound in;
  in.channel = "ehr";
  in.payload = head;
  in.oversized = true;
  in.total_bytes = 5000000;
  in.max_frame_bytes = 1048576;
  Hl7v2IngestResult r = ingest_->accept(in);
  EXPECT_EQ(msa(r.replies[0], 1), "AR");
  EXPECT_NE(r.replies[0].find("frame of 5000000 bytes exceeds"), std::string::npos);
  auto record = journal_->get(r.journal_id);
  ASSERT_TRUE(record);
  EXPECT_TRUE(record->truncated);
  config::GatewayConfig config;
  EXPECT_THROW(ingest_->replay(r.journal_id, config), std::runtime_error);
}

TEST_F(Hl7v2IngestTest, ReplayAfterTheConfigurationIsFixed) {
  std::vector<config::AllowedSender> allowed{{"CLINICEHR", ""}};
  Hl7v2IngestResult r = accept(adt("C9", "NEWEHR"), &allowed);
  ASSERT_EQ(r.state, store::JournalState::kRejected);
  config::GatewayConfig config;
  config::MllpChannelConfig channel;
  channel.name = "ehr";
  channel.allowed_senders = allowed;
  config.mllp_channels.push_back(channel);
  EXPECT_EQ(ingest_->replay(r.journal_id, config).first, store::JournalState::kRejected);
  config.mllp_channels[0].allowed_senders.push_back({"NEWEHR", ""});
  auto [state, error] = ingest_->replay(r.journal_id, config);
  EXPECT_EQ(state, store::JournalState::kAccepted);
  EXPECT_EQ(error, "");
  EXPECT_EQ(journal_->get(r.journal_id)->replay_count, 2);
}

TEST(Hl7v2IngestAcks, JoinAndSplit) {
  EXPECT_EQ(split_acks(join_acks({"MSH|a\rMSA|CA|1\r", "MSH|b\rMSA|AA|1\r"})),
            (std::vector<std::string>{"MSH|a\rMSA|CA|1\r", "MSH|b\rMSA|AA|1\r"}));
  EXPECT_TRUE(split_acks("").empty());
}

}  // namespace
}  // namespace titrate::ingest
