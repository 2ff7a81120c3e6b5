// allowed_senders[].certificate_subject: a sender bound to a client certificate is accepted only
// over a connection presenting that certificate's subject, and replay (which has no peer) never
// turns such a sender's rejected message into an accepted one.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "gateway/ingest/hl7v2_ingest.h"
#include "mappers/hl7v2/message.h"

namespace titrate::ingest {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNorthSubject = "CN=clinic-ehr,O=North Clinic";

std::string adt(const std::string& control_id, const std::string& sender = "CLINICEHR") {
  return "MSH|^~\\&|" + sender + "|NORTHCLINIC|TITRATE|INFUSION|20261121083000||ADT^A04^ADT_A01|" +
         control_id + "|P|2.5.1\rPID|1||MRN1^^^NORTHCLINIC^MR||Testpatient^Alex\r";
}

config::AllowedSender sender(std::string application, std::string subject) {
  config::AllowedSender s;
  s.application = std::move(application);
  s.certificate_subject = std::move(subject);
  return s;
}

class CertificateBindingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("titrate-certbind-" + std::to_string(::getpid()) + "-" +
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
    channel_.name = "ehr";
    channel_.allowed_senders = {sender("CLINICEHR", kNorthSubject), sender("LAB", "")};
  }
  void TearDown() override {
    ingest_.reset();
    journal_.reset();
    fs::remove_all(dir_);
  }

  Hl7v2IngestResult accept(const std::string& payload, std::string_view subject) {
    Hl7v2Inbound in;
    in.channel = channel_.name;
    in.allowed_senders = &channel_.allowed_senders;
    in.certificate_subject = subject;
    in.payload = payload;
    return ingest_->accept(in);
  }

  config::GatewayConfig config_with_channel() const {
    config::GatewayConfig config;
    config.mllp_channels.push_back(channel_);
    return config;
  }

  static std::string msa(const std::string& ack, int n) {
    return hl7v2::parse(ack).text("MSA-" + std::to_string(n)).value_or("");
  }
  static std::string err(const std::string& ack) {
    return hl7v2::parse(ack).text("ERR-8").value_or("");
  }

  fs::path dir_;
  config::Hl7v2Limits limits_;
  config::MllpChannelConfig channel_;
  std::unique_ptr<store::Journal> journal_;
  std::unique_ptr<ProfileRegistry> profiles_;
  ProfileRegistry empty_profiles_{ProfileRegistry::Profiles{}};
  CountingSink sink_;
  std::unique_ptr<Hl7v2Ingest> ingest_;
};

TEST_F(CertificateBindingTest, TheBoundSubjectIsAccepted) {
  const Hl7v2IngestResult r = accept(adt("B1"), kNorthSubject);
  EXPECT_EQ(msa(r.replies[0], 1), "AA");
  EXPECT_EQ(r.state, store::JournalState::kAccepted);
}

TEST_F(CertificateBindingTest, AnotherSubjectOrNoCertificateIsRejectedAndJournaled) {
  int n = 0;
  for (const char* subject : {"CN=south-ehr,O=South Clinic", "", "CN=clinic-ehr"}) {
    const Hl7v2IngestResult r = accept(adt("B2-" + std::to_string(++n)), subject);
    EXPECT_EQ(msa(r.replies[0], 1), "AR") << subject;
    EXPECT_NE(err(r.replies[0]).find("not allowed on channel ehr with this client certificate"),
              std::string::npos)
        << r.replies[0];
    EXPECT_EQ(r.state, store::JournalState::kRejected);
    const auto record = journal_->get(r.journal_id);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, store::JournalState::kRejected);
    // The presented subject is not echoed back to the peer.
    if (*subject) {
      EXPECT_EQ(r.replies[0].find(subject), std::string::npos);
    }
  }
  EXPECT_EQ(sink_.patients.load(), 0u);
}

TEST_F(CertificateBindingTest, AnUnboundSenderNeedsNoParticularCertificate) {
  EXPECT_EQ(msa(accept(adt("B3", "LAB"), "CN=anyone").replies[0], 1), "AA");
  EXPECT_EQ(msa(accept(adt("B4", "LAB"), "").replies[0], 1), "AA");
  const Hl7v2IngestResult stranger = accept(adt("B5", "STRANGER"), kNorthSubject);
  EXPECT_EQ(msa(stranger.replies[0], 1), "AR");
  EXPECT_NE(err(stranger.replies[0]).find("is not allowed on channel ehr"), std::string::npos);
  EXPECT_EQ(err(stranger.replies[0]).find("client certificate"), std::string::npos);
}

TEST_F(CertificateBindingTest, ASenderListedTwiceMatchesEitherBinding) {
  channel_.allowed_senders.push_back(sender("CLINICEHR", "CN=clinic-ehr-2,O=North Clinic"));
  EXPECT_EQ(msa(accept(adt("B6"), kNorthSubject).replies[0], 1), "AA");
  EXPECT_EQ(msa(accept(adt("B7"), "CN=clinic-ehr-2,O=North Clinic").replies[0], 1), "AA");
}

TEST_F(CertificateBindingTest, ReplayKeepsARejectedMessageRejected) {
  const Hl7v2IngestResult r = accept(adt("B8"), "CN=south-ehr,O=South Clinic");
  ASSERT_EQ(r.state, store::JournalState::kRejected);
  const auto [state, error] = ingest_->replay(r.journal_id, config_with_channel());
  EXPECT_EQ(state, store::JournalState::kRejected);
  EXPECT_NE(error.find("client certificate"), std::string::npos) << error;
  EXPECT_EQ(sink_.patients.load(), 0u);
}

TEST_F(CertificateBindingTest, ReplayOfAFailedMessageDoesNotAskForTheCertificateAgain) {
  // Received over the bound certificate, then failed in mapping (no profile matches).
  ingest_ = std::make_unique<Hl7v2Ingest>(*journal_, limits_, empty_profiles_, &sink_);
  const Hl7v2IngestResult r = accept(adt("B9"), kNorthSubject);
  ASSERT_EQ(r.state, store::JournalState::kFailed);
  ingest_ = std::make_unique<Hl7v2Ingest>(*journal_, limits_, *profiles_, &sink_);
  const auto [state, error] = ingest_->replay(r.journal_id, config_with_channel());
  EXPECT_EQ(state, store::JournalState::kAccepted) << error;
  EXPECT_EQ(sink_.patients.load(), 1u);
}

}  // namespace
}  // namespace titrate::ingest
