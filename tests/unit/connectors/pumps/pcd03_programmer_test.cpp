#include "connectors/pumps/pcd03_programmer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "connectors/mllp/mllp_server.h"
#include "mappers/hl7v2/message.h"

namespace titrate::pumps {
namespace {

using pump_control::ProgramResult;

model::Quantity q(const char* value, const char* unit) {
  return {*model::Decimal::parse(value), unit};
}

pump_control::PumpProgram ketamine_program(const std::string& control_id = "KTR-000017") {
  pump_control::PumpProgram p;
  model::DosingPlan& plan = p.plan;
  plan.patient_id = {"", "KT100234", "MR", "NORTHCLINIC"};
  plan.medication.codings.push_back(
      {"http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine"});
  plan.dosing_basis = "mg/kg";
  plan.concentration = {q("1", "mg"), q("1", "mL")};
  plan.weight = {q("80.0", "kg"), "", {}};
  plan.dose = {q("40.0", "mg"), "", {}};
  plan.vtbi = {q("40.0", "mL"), "", {}};
  plan.duration = {q("40", "min"), "", {}};
  p.device = "00A1B2C3D4E5F601";
  p.program_id = "PRG0001";
  p.control_id = control_id;
  return p;
}

// An ACK^O15 for the control id of `rgv`, with MSA-1 `code` and an optional ERR-5.
std::string ack_for(std::string_view control_id, std::string_view code,
                    std::string_view err5 = {}) {
  std::string ack =
      "MSH|^~\\&|KETPUMPSRV|INFUSIONSUITE|TITRATE|NORTHCLINIC|20261121093001+0000||"
      "ACK^O15^ACK|A" +
      std::string(control_id) + "|P|2.6\rMSA|" + std::string(code) + "|" + std::string(control_id) +
      "\r";
  if (!err5.empty()) {
    ack += "ERR|||207^Application internal error^HL70357|E|" + std::string(err5) + "\r";
  }
  return ack;
}

std::string control_id_of(std::string_view rgv) {
  const hl7v2::Message m = hl7v2::parse(rgv);
  return m.text("MSH-10").value_or("");
}

// A loopback Infusion Order Consumer: records every RGV^O15 and answers with `answer`.
class FakeIoc {
 public:
  using Answer = std::function<std::vector<std::string>(const std::string& rgv)>;
  explicit FakeIoc(Answer answer, int idle_timeout_seconds = 300) : answer_(std::move(answer)) {
    config::MllpChannelConfig channel;
    channel.name = "fake-ioc";
    channel.port = 0;
    channel.idle_timeout_seconds = idle_timeout_seconds;
    server_ = std::make_unique<mllp::MllpServer>(
        channel, [this](const mllp::InboundFrame& frame, const mllp::PeerInfo&) {
          std::string rgv(frame.payload);
          {
            std::lock_guard lock(mutex_);
            received_.push_back(rgv);
          }
          return answer_(rgv);
        });
    server_->start();
  }
  ~FakeIoc() { server_->stop(); }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  uint16_t port() const { return server_->port(); }
  std::vector<std::string> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }
  uint64_t connections() const { return server_->stats().accepted.load(); }
  uint64_t idle_closes() const { return server_->stats().idle_timeouts.load(); }

 private:
  Answer answer_;
  std::unique_ptr<mllp::MllpServer> server_;
  std::mutex mutex_;
  std::vector<std::string> received_;
};

Pcd03ProgrammerOptions options_for(const std::string& endpoint) {
  Pcd03ProgrammerOptions o;
  o.endpoint = endpoint;
  o.timeout = std::chrono::milliseconds(400);
  o.attempts = 2;
  o.backoff = std::chrono::milliseconds(20);
  o.rgv.sending_facility = "NORTHCLINIC";
  o.rgv.receiving_application = "KETPUMPSRV";
  return o;
}

TEST(PcdProgrammer, CommitAcceptOverOneReusedConnection) {
  FakeIoc ioc([](const std::string& rgv) {
    return std::vector<std::string>{ack_for(control_id_of(rgv), "CA")};
  });
  Pcd03Programmer programmer(options_for(ioc.endpoint()));
  const ProgramResult first = programmer.program(ketamine_program("KTR-1"));
  EXPECT_EQ(first.outcome, ProgramResult::Outcome::kAccepted) << first.text;
  const ProgramResult second = programmer.program(ketamine_program("KTR-2"));
  EXPECT_EQ(second.outcome, ProgramResult::Outcome::kAccepted) << second.text;
  EXPECT_EQ(ioc.connections(), 1u);
  const std::vector<std::string> received = ioc.received();
  ASSERT_EQ(received.size(), 2u);
  const hl7v2::Message rgv = hl7v2::parse(received[0]);
  EXPECT_EQ(rgv.text("MSH-9").value_or(""), "RGV^O15^RGV_O15");
  EXPECT_EQ(rgv.text("MSH-10").value_or(""), "KTR-1");
  EXPECT_EQ(rgv.text("MSH-5").value_or(""), "KETPUMPSRV");
  EXPECT_EQ(rgv.text("ORC-2").value_or(""), "PRG0001");
  EXPECT_EQ(rgv.text("RXG-15").value_or(""), "40.0");
  EXPECT_EQ(rgv.text("OBX[1]-18.3").value_or(""), "00A1B2C3D4E5F601");
  EXPECT_EQ(rgv.value("MSH-7").value_or("").size(), 23u);  // now, as HL7 DTM with ms + offset
  EXPECT_EQ(rgv.text("MSH-7"), rgv.text("ORC-9"));
}

TEST(PcdProgrammer, CommitRejectCarriesPivError) {
  FakeIoc ioc([](const std::string& rgv) {
    return std::vector<std::string>{
        ack_for(control_id_of(rgv), "CR", "9024^Drug library hard limit exceeded")};
  });
  Pcd03Programmer programmer(options_for(ioc.endpoint()));
  const ProgramResult r = programmer.program(ketamine_program());
  EXPECT_EQ(r.outcome, ProgramResult::Outcome::kRejected);
  EXPECT_EQ(r.code, "9024");
  EXPECT_EQ(r.text, "Drug library hard limit exceeded");
  EXPECT_EQ(ioc.received().size(), 1u);  // a refusal is an answer: no retry
}

TEST(PcdProgrammer, NoAnswerIsUnreachableAfterRetriesWithTheSameControlId) {
  FakeIoc ioc([](const std::string&) { return std::vector<std::string>{}; });
  Pcd03Programmer programmer(options_for(ioc.endpoint()));
  const auto start = std::chrono::steady_clock::now();
  const ProgramResult r = programmer.program(ketamine_program("KTR-9"));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.outcome, ProgramResult::Outcome::kUnreachable);
  EXPECT_FALSE(r.text.empty());
  EXPECT_GE(elapsed, std::chrono::milliseconds(800));  // two attempts of 400 ms each
  const std::vector<std::string> received = ioc.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(control_id_of(received[0]), "KTR-9");
  EXPECT_EQ(control_id_of(received[1]), "KTR-9");
  EXPECT_EQ(ioc.connections(), 2u);  // a fresh connection after the timeout
}

TEST(PcdProgrammer, NothingListeningIsUnreachable) {
  uint16_t port = 0;
  {
    FakeIoc gone([](const std::string&) { return std::vector<std::string>{}; });
    port = gone.port();
  }
  Pcd03ProgrammerOptions o = options_for("127.0.0.1:" + std::to_string(port));
  o.attempts = 3;
  Pcd03Programmer programmer(o);
  const auto start = std::chrono::steady_clock::now();
  const ProgramResult r = programmer.program(ketamine_program());
  EXPECT_EQ(r.outcome, ProgramResult::Outcome::kUnreachable);
  EXPECT_FALSE(r.text.empty());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(60));  // 20+40
}

TEST(PcdProgrammer, SkipsAnAnswerForAnotherControlId) {
  FakeIoc ioc([](const std::string& rgv) {
    return std::vector<std::string>{ack_for("KTR-OLD", "CR", "9015^Timeout"),
                                    ack_for(control_id_of(rgv), "CA")};
  });
  Pcd03Programmer programmer(options_for(ioc.endpoint()));
  const ProgramResult r = programmer.program(ketamine_program("KTR-NEW"));
  EXPECT_EQ(r.outcome, ProgramResult::Outcome::kAccepted) << r.text;
}

TEST(PcdProgrammer, UnreadableAnswersAreRetriedThenUnreachable) {
  FakeIoc ioc([](const std::string&) { return std::vector<std::string>{"not hl7"}; });
  Pcd03Programmer programmer(options_for(ioc.endpoint()));
  const ProgramResult r = programmer.program(ketamine_program());
  EXPECT_EQ(r.outcome, ProgramResult::Outcome::kUnreachable);
  EXPECT_NE(r.text.find("unreadable"), std::string::npos) << r.text;
  EXPECT_EQ(ioc.received().size(), 2u);
}

TEST(PcdProgrammer, ReconnectsWhenTheServerClosedTheConnection) {
  // The server closes connections idle for 1 s; the programmer's kept connection goes stale.
  FakeIoc ioc(
      [](const std::string& rgv) {
        return std::vector<std::string>{ack_for(control_id_of(rgv), "CA")};
      },
      1);
  Pcd03ProgrammerOptions o = options_for(ioc.endpoint());
  o.attempts = 1;  // the stale connection must not use up the only attempt
  Pcd03Programmer programmer(o);
  ASSERT_EQ(programmer.program(ketamine_program("KTR-A")).outcome,
            ProgramResult::Outcome::kAccepted);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (ioc.idle_closes() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(ioc.idle_closes(), 1u);
  const ProgramResult r = programmer.program(ketamine_program("KTR-B"));
  EXPECT_EQ(r.outcome, ProgramResult::Outcome::kAccepted) << r.text;
  EXPECT_EQ(ioc.connections(), 2u);
}

TEST(PcdProgrammer, PlanThatCannotBeWrittenIsRejectedWithoutSending) {
  FakeIoc ioc([](const std::string& rgv) {
    return std::vector<std::string>{ack_for(control_id_of(rgv), "CA")};
  });
  Pcd03Programmer programmer(options_for(ioc.endpoint()));
  pump_control::PumpProgram p = ketamine_program();
  p.plan.medication.codings.clear();
  const ProgramResult r = programmer.program(p);
  EXPECT_EQ(r.outcome, ProgramResult::Outcome::kRejected);
  EXPECT_TRUE(r.code.empty());
  EXPECT_FALSE(r.text.empty());
  EXPECT_TRUE(ioc.received().empty());
}

TEST(PcdProgrammer, MalformedEndpointThrows) {
  EXPECT_THROW(Pcd03Programmer(options_for("localhost")), std::invalid_argument);
  EXPECT_THROW(Pcd03Programmer(options_for("localhost:99999")), std::invalid_argument);
  EXPECT_THROW(Pcd03Programmer(options_for(":2575")), std::invalid_argument);
}

}  // namespace
}  // namespace titrate::pumps
