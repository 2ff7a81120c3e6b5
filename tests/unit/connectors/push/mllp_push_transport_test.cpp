#include "connectors/push/mllp_push_transport.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "connectors/mllp/frame_decoder.h"
#include "connectors/mllp/mllp_server.h"
#include "mappers/hl7v2/message.h"

namespace titrate::push {
namespace {

std::string control_id_of(std::string_view message) {
  return hl7v2::parse(message).text("MSH-10").value_or("");
}

// An original- or enhanced-mode acknowledgement of `control_id`.
std::string ack(std::string_view code, std::string_view control_id, std::string_view err = {}) {
  std::string a = "MSH|^~\\&|EHR|NORTH|TITRATE|NORTHCLINIC|20261121100001+0000||ACK^O17^ACK|A" +
                  std::string(control_id) + "|P|2.5.1\rMSA|" + std::string(code) + "|" +
                  std::string(control_id) + "\r";
  if (!err.empty()) a += "ERR||PID^1^3|" + std::string(err) + "|E||||Patient KT100234 unknown\r";
  return a;
}

OutboxItem item(const std::string& control_id, int64_t id = 1) {
  OutboxItem i;
  i.id = id;
  i.destination = "north-ehr";
  i.resource_type = "RAS^O17";
  i.resource_id = control_id;
  i.payload = "MSH|^~\\&|TITRATE|NORTHCLINIC|EHR|NORTH|20261121100000+0000||RAS^O17^RAS_O17|" +
              control_id + "|P|2.5.1\rPID|||KT100234^^^NORTHCLINIC^MR\r";
  return i;
}

// A loopback EHR whose answer to each frame is scripted: reply, reply and close, close at
// once, or stay silent. Connections are served one at a time, as the transport uses one.
class ScriptedEhr {
 public:
  enum class Kind { kReply, kReplyThenClose, kClose, kSilent };
  struct Action {
    Kind kind = Kind::kReply;
    std::vector<std::string> replies;
  };
  using Script = std::function<Action(const std::string& frame, size_t index)>;

  explicit ScriptedEhr(Script script)
      : script_(std::move(script)), listener_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this] { run(); });
  }
  ~ScriptedEhr() {
    stop_ = true;
    thread_.join();
    listener_.close();
  }
  uint16_t port() const { return listener_.address().port(); }
  int connections() const { return connections_.load(); }
  std::vector<std::string> frames() {
    std::lock_guard lock(mutex_);
    return frames_;
  }

 private:
  void run() {
    const Poco::Timespan tick(0, 20'000);
    while (!stop_) {
      if (!listener_.poll(tick, Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket connection = listener_.acceptConnection();
      ++connections_;
      serve(connection);
      connection.close();
    }
  }

  void serve(Poco::Net::StreamSocket& connection) {
    mllp::FrameDecoder decoder(1 << 20);
    char buffer[4096];
    const Poco::Timespan tick(0, 20'000);
    while (!stop_) {
      if (!connection.poll(tick, Poco::Net::Socket::SELECT_READ)) continue;
      const int n = connection.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) return;
      std::vector<std::string> received;
      decoder.feed(std::string_view(buffer, static_cast<size_t>(n)),
                   [&](const mllp::FrameEvent& e) {
                     if (e.kind == mllp::FrameEvent::Kind::kFrame) received.emplace_back(e.bytes);
                   });
      for (const std::string& frame : received) {
        size_t index = 0;
        {
          std::lock_guard lock(mutex_);
          index = frames_.size();
          frames_.push_back(frame);
        }
        const Action action = script_(frame, index);
        if (action.kind == Kind::kClose) return;
        for (const std::string& reply : action.replies) {
          std::string out;
          mllp::append_frame(reply, out);
          connection.sendBytes(out.data(), static_cast<int>(out.size()));
        }
        if (action.kind == Kind::kReplyThenClose) return;
      }
    }
  }

  Script script_;
  Poco::Net::ServerSocket listener_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<std::string> frames_;
};

ScriptedEhr::Action reply(std::string message) {
  return {ScriptedEhr::Kind::kReply, {std::move(message)}};
}

config::PushDestinationConfig destination(uint16_t port) {
  config::PushDestinationConfig d;
  d.name = "north-ehr";
  d.type = "hl7v2";
  d.host = "127.0.0.1";
  d.port = port;
  d.timeout_seconds = 1;
  return d;
}

TEST(MllpPushTransport, AcceptedItemsShareOneConnection) {
  ScriptedEhr ehr(
      [](const std::string& frame, size_t) { return reply(ack("AA", control_id_of(frame))); });
  MllpPushTransport transport(destination(ehr.port()));
  const DeliveryResult first = transport.deliver(item("T0001", 1));
  const DeliveryResult second = transport.deliver(item("T0002", 2));
  EXPECT_EQ(first.outcome, DeliveryOutcome::kDelivered) << first.detail;
  EXPECT_EQ(first.detail, "AA");
  EXPECT_EQ(second.outcome, DeliveryOutcome::kDelivered) << second.detail;
  EXPECT_EQ(ehr.connections(), 1);
  const std::vector<std::string> frames = ehr.frames();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], item("T0001").payload);
  EXPECT_EQ(control_id_of(frames[1]), "T0002");
}

TEST(MllpPushTransport, MapsEveryAcknowledgementCode) {
  struct Case {
    const char* code;
    DeliveryOutcome outcome;
  };
  const Case cases[] = {{"AA", DeliveryOutcome::kDelivered}, {"CA", DeliveryOutcome::kDelivered},
                        {"AE", DeliveryOutcome::kRetry},     {"CE", DeliveryOutcome::kRetry},
                        {"AR", DeliveryOutcome::kRejected},  {"CR", DeliveryOutcome::kRejected}};
  for (const Case& c : cases) {
    ScriptedEhr ehr(
        [&](const std::string& frame, size_t) { return reply(ack(c.code, control_id_of(frame))); });
    MllpPushTransport transport(destination(ehr.port()));
    const DeliveryResult r = transport.deliver(item("T0100"));
    EXPECT_EQ(r.outcome, c.outcome) << c.code << ": " << r.detail;
    EXPECT_EQ(r.detail, c.code);
  }
}

TEST(MllpPushTransport, ErrorCodesInTheDetailButNoText) {
  ScriptedEhr ehr([](const std::string& frame, size_t) {
    return reply(ack("AE", control_id_of(frame), "204^Unknown key identifier^HL70357"));
  });
  MllpPushTransport transport(destination(ehr.port()));
  const DeliveryResult r = transport.deliver(item("T0200"));
  EXPECT_EQ(r.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(r.detail, "AE (ERR 204)");
  EXPECT_EQ(r.detail.find("KT100234"), std::string::npos);
  EXPECT_EQ(ehr.connections(), 1);

  // An AE leaves the connection usable: the next item goes over it.
  EXPECT_EQ(transport.deliver(item("T0201")).outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(ehr.connections(), 1);
}

TEST(MllpPushTransport, ClosedWithoutAnswerIsRetryThenANewConnectionDelivers) {
  ScriptedEhr ehr([](const std::string& frame, size_t index) {
    if (index == 0) return ScriptedEhr::Action{ScriptedEhr::Kind::kClose, {}};
    return reply(ack("AA", control_id_of(frame)));
  });
  MllpPushTransport transport(destination(ehr.port()));
  const DeliveryResult first = transport.deliver(item("T0300"));
  EXPECT_EQ(first.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(first.detail.rfind("transport: ", 0), 0u) << first.detail;
  const DeliveryResult again = transport.deliver(item("T0300"));
  EXPECT_EQ(again.outcome, DeliveryOutcome::kDelivered) << again.detail;
  EXPECT_EQ(ehr.connections(), 2);
  const std::vector<std::string> frames = ehr.frames();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], frames[1]);  // the same message, the same control id
}

TEST(MllpPushTransport, ReconnectsAtOnceWhenTheKeptConnectionWasClosed) {
  // The EHR closes each connection after its answer: the transport's kept connection is stale
  // when the next item comes, and that item still goes out (on a new connection) in one call.
  ScriptedEhr ehr([](const std::string& frame, size_t) {
    return ScriptedEhr::Action{ScriptedEhr::Kind::kReplyThenClose,
                               {ack("AA", control_id_of(frame))}};
  });
  MllpPushTransport transport(destination(ehr.port()));
  ASSERT_EQ(transport.deliver(item("T0400")).outcome, DeliveryOutcome::kDelivered);
  const DeliveryResult r = transport.deliver(item("T0401"));
  EXPECT_EQ(r.outcome, DeliveryOutcome::kDelivered) << r.detail;
  EXPECT_EQ(ehr.connections(), 2);
  const std::vector<std::string> frames = ehr.frames();
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(control_id_of(frames.back()), "T0401");
}

TEST(MllpPushTransport, NoAnswerInTimeIsRetry) {
  ScriptedEhr ehr([](const std::string&, size_t) {
    return ScriptedEhr::Action{ScriptedEhr::Kind::kSilent, {}};
  });
  MllpPushTransport transport(destination(ehr.port()));
  const auto start = std::chrono::steady_clock::now();
  const DeliveryResult r = transport.deliver(item("T0500"));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  EXPECT_EQ(r.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(r.detail, "transport: no acknowledgement within 1 s");
  EXPECT_EQ(ehr.frames().size(), 1u);  // a timeout is not resent at once
}

TEST(MllpPushTransport, NothingListeningIsRetry) {
  uint16_t port = 0;
  {
    ScriptedEhr gone([](const std::string&, size_t) { return ScriptedEhr::Action{}; });
    port = gone.port();
  }
  MllpPushTransport transport(destination(port));
  const DeliveryResult r = transport.deliver(item("T0600"));
  EXPECT_EQ(r.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(r.detail.rfind("transport: ", 0), 0u) << r.detail;
}

TEST(MllpPushTransport, SkipsALateAnswerForAnotherItem) {
  ScriptedEhr ehr([](const std::string& frame, size_t) {
    return ScriptedEhr::Action{ScriptedEhr::Kind::kReply,
                               {ack("AR", "T-EARLIER"), ack("AA", control_id_of(frame))}};
  });
  MllpPushTransport transport(destination(ehr.port()));
  const DeliveryResult r = transport.deliver(item("T0700"));
  EXPECT_EQ(r.outcome, DeliveryOutcome::kDelivered) << r.detail;
}

TEST(MllpPushTransport, UnreadableAnswerIsRetry) {
  ScriptedEhr ehr([](const std::string&, size_t) { return reply("this is not HL7"); });
  MllpPushTransport transport(destination(ehr.port()));
  const DeliveryResult r = transport.deliver(item("T0800"));
  EXPECT_EQ(r.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(r.detail, "unreadable acknowledgement");
}

TEST(MllpPushTransport, NeedsHostAndPort) {
  config::PushDestinationConfig d = destination(0);
  EXPECT_THROW(MllpPushTransport{d}, std::invalid_argument);
  d.port = 2575;
  d.host.clear();
  EXPECT_THROW(MllpPushTransport{d}, std::invalid_argument);
}

// A CA and a server certificate for 127.0.0.1, made with the openssl command.
class TestPki {
 public:
  TestPki() {
    dir_ = std::filesystem::temp_directory_path() /
           ("titrate-mllp-push-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "server.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
    ok_ = run("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "
              "/CN=TitrateTestCA") &&
          run("req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "
              "/CN=127.0.0.1") &&
          run("x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out "
              "server.pem -days 2 -extfile server.ext");
  }
  ~TestPki() { std::filesystem::remove_all(dir_); }
  bool ok() const { return ok_; }
  std::string path(const char* name) const { return (dir_ / name).string(); }

 private:
  bool run(const std::string& args) {
    const std::string command =
        "cd '" + dir_.string() + "' && openssl " + args + " >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  }
  std::filesystem::path dir_;
  bool ok_ = false;
};

TEST(MllpPushTransport, DeliversOverTls) {
  TestPki pki;
  ASSERT_TRUE(pki.ok()) << "openssl could not make the test certificates";
  config::MllpChannelConfig channel;
  channel.name = "ehr-tls";
  channel.port = 0;
  channel.tls = config::TlsConfig{};
  channel.tls->certificate = pki.path("server.pem");
  channel.tls->private_key = pki.path("server.key");
  std::atomic<int> frames{0};
  mllp::MllpServer server(
      channel, [&](const mllp::InboundFrame& frame, const mllp::PeerInfo& peer) {
        ++frames;
        EXPECT_TRUE(peer.tls);
        return std::vector<std::string>{ack("CA", control_id_of(frame.payload))};
      });
  server.start();
  config::PushDestinationConfig d = destination(server.port());
  d.tls = config::TlsConfig{};
  d.tls->ca = pki.path("ca.pem");
  MllpPushTransport transport(d);
  const DeliveryResult r = transport.deliver(item("T0900"));
  EXPECT_EQ(r.outcome, DeliveryOutcome::kDelivered) << r.detail;
  EXPECT_EQ(frames.load(), 1);

  // A destination that trusts another CA does not deliver (and says it is a transport error).
  config::PushDestinationConfig wrong_ca = d;
  wrong_ca.tls->ca = pki.path("server.pem");
  MllpPushTransport untrusting(wrong_ca);
  const DeliveryResult refused = untrusting.deliver(item("T0901"));
  EXPECT_EQ(refused.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(frames.load(), 1);
  server.stop();
}

}  // namespace
}  // namespace titrate::push
