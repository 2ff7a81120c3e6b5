// A message the listener refuses (its rate limit) gets AE with the reason and is not journaled,
// so the sender's resend is processed normally instead of being answered as a duplicate.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "gateway/ingest/hl7v2_ingest.h"
#include "mappers/hl7v2/message.h"

namespace titrate::ingest {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReason = "rate limit exceeded (1 messages per second); resend later";

std::string adt(const std::string& control_id, const std::string& extra_msh = "") {
  return "MSH|^~\\&|CLINICEHR|NORTHCLINIC|TITRATE|INFUSION|20261121083000||ADT^A04^ADT_A01|" +
         control_id + "|P|2.5.1" + extra_msh + "\rPID|1||MRN1^^^NORTHCLINIC^MR||Testpatient^Alex\r";
}

class Hl7v2RefusalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("titrate-refusal-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store::JournalOptions options;
    options.path = (dir_ / "journal.db").string();
    journal_ = std::make_unique<store::Journal>(options);
    profile::MappingProfile fallback;
    fallback.name = "default";
    profiles_ = std::make_unique<ProfileRegistry>(ProfileRegistry::Profiles{fallback});
    ingest_ = std::make_unique<Hl7v2Ingest>(*journal_, limits_, *profiles_, &sink_);
  }
  void TearDown() override {
    ingest_.reset();
    journal_.reset();
    fs::remove_all(dir_);
  }

  Hl7v2IngestResult send(const std::string& payload, std::string_view refusal) {
    Hl7v2Inbound in;
    in.channel = "ehr";
    in.payload = payload;
    in.refusal = refusal;
    return ingest_->accept(in);
  }
  static std::string text(const std::string& ack, const std::string& location) {
    return hl7v2::parse(ack).text(location).value_or("");
  }

  fs::path dir_;
  config::Hl7v2Limits limits_;
  std::unique_ptr<store::Journal> journal_;
  std::unique_ptr<ProfileRegistry> profiles_;
  CountingSink sink_;
  std::unique_ptr<Hl7v2Ingest> ingest_;
};

TEST_F(Hl7v2RefusalTest, RefusedMessageGetsAeWithTheReasonAndIsNotJournaled) {
  const Hl7v2IngestResult r = send(adt("R1"), kReason);
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(text(r.replies[0], "MSA-1"), "AE");
  EXPECT_EQ(text(r.replies[0], "MSA-2"), "R1");
  EXPECT_EQ(text(r.replies[0], "ERR-3.1"), "207");
  EXPECT_EQ(text(r.replies[0], "ERR-8"), kReason);
  EXPECT_EQ(text(r.replies[0], "MSH-5"), "CLINICEHR");
  EXPECT_EQ(r.journal_id, 0);
  EXPECT_EQ(journal_->stats().appended, 0u);
  EXPECT_EQ(sink_.patients.load(), 0u);
}

TEST_F(Hl7v2RefusalTest, TheResendIsAcceptedNotAnsweredAsADuplicate) {
  ASSERT_EQ(text(send(adt("R2"), kReason).replies[0], "MSA-1"), "AE");
  const Hl7v2IngestResult resend = send(adt("R2"), "");
  EXPECT_EQ(text(resend.replies[0], "MSA-1"), "AA");
  EXPECT_FALSE(resend.duplicate);
  EXPECT_NE(resend.journal_id, 0);
}

TEST_F(Hl7v2RefusalTest, EnhancedModeGetsACommitError) {
  const Hl7v2IngestResult r = send(adt("R3", "|||AL|AL"), kReason);
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(text(r.replies[0], "MSA-1"), "CE");
  EXPECT_EQ(text(r.replies[0], "ERR-8"), kReason);
}

TEST_F(Hl7v2RefusalTest, AnUnparseablePayloadStillGetsANak) {
  const Hl7v2IngestResult r = send("not hl7 at all", kReason);
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(text(r.replies[0], "MSA-1"), "AE");
  EXPECT_EQ(journal_->stats().appended, 0u);
}

}  // namespace
}  // namespace titrate::ingest
