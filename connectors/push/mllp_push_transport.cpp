#include "connectors/push/mllp_push_transport.h"

#include <Poco/Exception.h>

#include <chrono>
#include <stdexcept>

#include "connectors/mllp/mllp_client.h"
#include "gateway/log/log.h"
#include "mappers/hl7v2/message.h"

namespace titrate::push {
namespace {

// What an answer on the connection says; codes only, no content.
struct Answer {
  bool readable = false;
  std::string code;             // MSA-1
  std::string acknowledged_id;  // MSA-2
  std::string errors;           // ERR-3.1 / ERR-5.1 codes, comma-separated
};

Answer read_answer(std::string_view bytes) {
  Answer a;
  const hl7v2::Message m = hl7v2::parse(bytes);
  if (!m.header().present || !m.find_segment("MSA")) return a;
  a.readable = true;
  a.code = m.text("MSA-1").value_or("");
  a.acknowledged_id = m.text("MSA-2").value_or("");
  for (uint32_t n = 1; n <= 5 && m.find_segment("ERR", n); ++n) {
    const std::string prefix = "ERR[" + std::to_string(n) + "]-";
    for (const char* field : {"3.1", "5.1"}) {
      const std::optional<std::string> code = m.text(prefix + field);
      if (!code || code->size() > 20) continue;  // a code, not a text
      if (!a.errors.empty()) a.errors += ",";
      a.errors += *code;
    }
  }
  return a;
}

DeliveryResult result(DeliveryOutcome outcome, std::string detail) {
  return {outcome, std::move(detail)};
}

}  // namespace

MllpPushTransport::MllpPushTransport(config::PushDestinationConfig destination)
    : destination_(std::move(destination)) {
  if (destination_.host.empty() || destination_.port == 0) {
    throw std::invalid_argument("push destination '" + destination_.name +
                                "' (hl7v2) needs a host and a port");
  }
  if (destination_.timeout_seconds < 1) destination_.timeout_seconds = 1;
}

MllpPushTransport::~MllpPushTransport() {
  disconnect();
}

void MllpPushTransport::disconnect() {
  if (client_) client_->close();
  client_.reset();
}

DeliveryResult MllpPushTransport::deliver(const OutboxItem& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  DeliveryResult r = exchange(item);
  const char* outcome = r.outcome == DeliveryOutcome::kDelivered ? "delivered"
                        : r.outcome == DeliveryOutcome::kRetry   ? "retry"
                                                                 : "rejected";
  TITRATE_LOG_INFO("push %s: outbox item %lld %s control id %s: %s (%s)", destination_.name.c_str(),
                   static_cast<long long>(item.id), item.resource_type.c_str(),
                   item.resource_id.c_str(), outcome, r.detail.c_str());
  return r;
}

DeliveryResult MllpPushTransport::exchange(const OutboxItem& item) {
  const Poco::Timespan timeout(destination_.timeout_seconds, 0);
  bool fresh_retry_left = true;  // a kept connection the EHR has since closed
  while (true) {
    const bool reused = client_ != nullptr;
    bool timed_out = false;
    std::string error;
    try {
      if (!client_) {
        auto client = std::make_unique<mllp::MllpClient>(destination_.host, destination_.port,
                                                         destination_.tls, timeout);
        client->connect();
        client_ = std::move(client);
      }
      client_->send(item.payload);
      const auto deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(destination_.timeout_seconds);
      while (true) {
        const Answer a = read_answer(client_->receive());
        if (!a.readable) {
          disconnect();
          return result(DeliveryOutcome::kRetry, "unreadable acknowledgement");
        }
        if (!a.acknowledged_id.empty() && a.acknowledged_id != item.resource_id) {
          TITRATE_LOG_WARN("push %s: control id %s: skipped an answer for control id %s",
                           destination_.name.c_str(), item.resource_id.c_str(),
                           a.acknowledged_id.c_str());
          if (std::chrono::steady_clock::now() > deadline) throw Poco::TimeoutException();
          continue;
        }
        std::string detail = a.code.empty() ? "no MSA-1" : a.code;
        if (!a.errors.empty()) detail += " (ERR " + a.errors + ")";
        if (a.code == "AA" || a.code == "CA") return result(DeliveryOutcome::kDelivered, detail);
        if (a.code == "AE" || a.code == "CE") return result(DeliveryOutcome::kRetry, detail);
        if (a.code == "AR" || a.code == "CR") return result(DeliveryOutcome::kRejected, detail);
        disconnect();
        return result(DeliveryOutcome::kRetry, "unknown acknowledgement code " + detail);
      }
    } catch (const Poco::TimeoutException&) {
      timed_out = true;
      error = "no acknowledgement within " + std::to_string(destination_.timeout_seconds) + " s";
    } catch (const Poco::Exception& e) {
      error = e.displayText();
    } catch (const std::exception& e) {
      error = e.what();
    }
    disconnect();
    if (reused && !timed_out && fresh_retry_left) {
      fresh_retry_left = false;
      continue;
    }
    return result(DeliveryOutcome::kRetry, "transport: " + error);
  }
}

}  // namespace titrate::push
