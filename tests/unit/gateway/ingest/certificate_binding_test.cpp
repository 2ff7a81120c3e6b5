// allowed_senders[].certificate_subject: a sender bound to a client certificate is accepted only
// over a connection presenting that certificate's subject, and replay (which has no peer) never
// turns such a sender's rejected message into an accepted one.
#include <gtest/gtest.h>

#include "gateway/ingest/hl7v2_ingest.h"
#include "mappers/hl7v2/message.h"
#include "tests/unit/gateway/ingest/hl7v2_ingest_fixture.h"

namespace titrate::ingest {
namespace {

constexpr const char* kNorthSubject = "CN=clinic-ehr,O=North Clinic";

using test::adt;

config::AllowedSender sender(std::string application, std::string subject) {
  config::AllowedSender s;
  s.application = std::move(application);
  s.certificate_subject = std::move(subject);
  return s;
}

class CertificateBindingTest : public test::Hl7v2IngestFixture {
 protected:
  void SetUp() override {
    Hl7v2IngestFixture::SetUp();
    channel_.name = "ehr";
    channel_.allowed_senders = {sender("CLINICEHR", kNorthSubject), sender("LAB", "")};
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

  static std::string err(const std::string& ack) { return ack_field(ack, "ERR-8"); }

  config::MllpChannelConfig channel_;
  ProfileRegistry empty_profiles_{ProfileRegistry::Profiles{}};
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
