#include "connectors/pumps/pcd03_programmer.h"

#include <Poco/Exception.h>

#include <charconv>
#include <stdexcept>
#include <thread>

#include "connectors/mllp/mllp_client.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"
#include "mappers/inbound/pcd/program_ack.h"

namespace titrate::pumps {
namespace {

using pump_control::ProgramResult;

// A transport failure worth another attempt; `what` carries no message content.
struct TransportFailure {
  std::string what;
};

ProgramResult result(ProgramResult::Outcome outcome, std::string code, std::string text) {
  ProgramResult r;
  r.outcome = outcome;
  r.code = std::move(code);
  r.text = std::move(text);
  return r;
}

}  // namespace

Pcd03Programmer::Pcd03Programmer(Pcd03ProgrammerOptions options) : options_(std::move(options)) {
  const std::string& endpoint = options_.endpoint;
  const size_t colon = endpoint.rfind(':');
  unsigned port = 0;
  const char* begin = endpoint.data() + (colon == std::string::npos ? 0 : colon + 1);
  const char* end = endpoint.data() + endpoint.size();
  const auto [stop, ec] = std::from_chars(begin, end, port);
  if (colon == std::string::npos || colon == 0 || ec != std::errc{} || stop != end || port == 0 ||
      port > 65535) {
    throw std::invalid_argument("PCD-03 endpoint must be host:port, got '" + endpoint + "'");
  }
  host_ = endpoint.substr(0, colon);
  port_ = static_cast<uint16_t>(port);
  if (options_.attempts < 1) options_.attempts = 1;
}

Pcd03Programmer::~Pcd03Programmer() {
  disconnect();
}

void Pcd03Programmer::disconnect() {
  if (client_) client_->close();
  client_.reset();
}

ProgramResult Pcd03Programmer::program(const pump_control::PumpProgram& program) {
  pcd::RgvOptions rgv = options_.rgv;
  if (rgv.message_time.empty()) rgv.message_time = clock::hl7_dtm_utc(clock::now_us());
  std::string message;
  try {
    message = pcd::build_rgv_o15(program.plan, program.device, program.program_id,
                                 program.control_id, rgv);
  } catch (const pcd::RgvBuildError& e) {
    TITRATE_LOG_ERROR("pcd03 control id %s: plan not sent: %s", program.control_id.c_str(),
                      e.what());
    return result(ProgramResult::Outcome::kRejected, "", e.what());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return exchange(message, program.control_id);
}

ProgramResult Pcd03Programmer::exchange(const std::string& message, const std::string& control_id) {
  std::string last_error = "not attempted";
  std::chrono::milliseconds backoff = options_.backoff;
  bool stale_retry_left = true;  // a reused connection the peer has since closed
  for (int attempt = 1; attempt <= options_.attempts;) {
    const bool reused = client_ != nullptr;
    try {
      if (!client_) {
        auto client = std::make_unique<mllp::MllpClient>(
            host_, port_, options_.tls,
            Poco::Timespan(
                std::chrono::duration_cast<std::chrono::microseconds>(options_.timeout).count()));
        client->connect();
        client_ = std::move(client);
      }
      client_->send(message);
      const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
      while (true) {
        const pcd::ProgramAck ack = pcd::parse_program_ack(client_->receive());
        if (ack.status == pcd::ProgramAck::Status::kUnreadable) {
          throw TransportFailure{"unreadable answer: " + ack.problem};
        }
        if (!ack.acknowledged_id.empty() && ack.acknowledged_id != control_id) {
          TITRATE_LOG_WARN("pcd03 control id %s: skipped an answer for control id %s",
                           control_id.c_str(), ack.acknowledged_id.c_str());
          if (std::chrono::steady_clock::now() > deadline) {
            throw TransportFailure{"no answer for this control id in time"};
          }
          continue;
        }
        if (ack.status == pcd::ProgramAck::Status::kAccepted) {
          TITRATE_LOG_INFO("pcd03 control id %s: accepted (%s)", control_id.c_str(),
                           ack.ack_code.c_str());
          return result(ProgramResult::Outcome::kAccepted, "", "");
        }
        TITRATE_LOG_WARN("pcd03 control id %s: rejected (%s, error %s)", control_id.c_str(),
                         ack.ack_code.c_str(), ack.error_code.c_str());
        return result(ProgramResult::Outcome::kRejected, ack.error_code, ack.error_text);
      }
    } catch (const TransportFailure& e) {
      last_error = e.what;
    } catch (const Poco::TimeoutException&) {
      last_error = "no answer within the timeout";
    } catch (const Poco::Exception& e) {
      last_error = e.displayText();
    } catch (const std::exception& e) {
      last_error = e.what();
    }
    disconnect();
    if (reused && stale_retry_left) {
      stale_retry_left = false;  // the old connection failed: retry at once on a new one
      continue;
    }
    TITRATE_LOG_WARN("pcd03 control id %s: attempt %d of %d failed: %s", control_id.c_str(),
                     attempt, options_.attempts, last_error.c_str());
    if (attempt++ < options_.attempts) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
  }
  TITRATE_LOG_ERROR("pcd03 control id %s: pump server unreachable", control_id.c_str());
  return result(ProgramResult::Outcome::kUnreachable, "", last_error);
}

}  // namespace titrate::pumps
