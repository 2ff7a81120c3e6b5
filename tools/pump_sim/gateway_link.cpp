#include "tools/pump_sim/gateway_link.h"

#include <Poco/Exception.h>

#include <memory>

#include "connectors/mllp/mllp_client.h"
#include "gateway/log/log.h"
#include "mappers/hl7v2/message.h"

namespace titrate::pump_sim {

GatewayLink::GatewayLink(std::string host, uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

GatewayLink::~GatewayLink() {
  stop(std::chrono::milliseconds(0));
}

void GatewayLink::start() {
  thread_ = std::thread([this] { run(); });
}

void GatewayLink::stop(std::chrono::milliseconds drain) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      drain_deadline_ = std::chrono::steady_clock::now() + drain;
    }
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void GatewayLink::send(std::string message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(message));
  }
  wake_.notify_all();
}

void GatewayLink::run() {
  std::unique_ptr<mllp::MllpClient> client;
  std::chrono::milliseconds pause(100);
  bool reported_down = false;
  const Poco::Timespan timeout(
      std::chrono::duration_cast<std::chrono::microseconds>(timeout_).count());
  for (;;) {
    std::string message;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() || (stopping_ && std::chrono::steady_clock::now() > drain_deadline_)) {
        break;
      }
      message = queue_.front();
    }
    if (drop_.exchange(false) && client) {
      client->close();
      client.reset();
    }
    try {
      if (!client) {
        client = std::make_unique<mllp::MllpClient>(host_, port_, std::nullopt, timeout);
        client->connect();
      }
      const std::string ack = client->exchange(message);
      const hl7v2::Message parsed = hl7v2::parse(ack);
      const std::string code = parsed.text("MSA-1").value_or("");
      if (code == "AA" || code == "CA") {
        ++acknowledged_;
      } else {
        ++refused_;
        const std::string control_id = hl7v2::parse(message).text("MSH-10").value_or("");
        TITRATE_LOG_WARN("pump-sim: gateway answered %s to control id %s",
                         code.empty() ? "?" : code.c_str(), control_id.c_str());
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.pop_front();
      }
      pause = std::chrono::milliseconds(100);
      if (reported_down) TITRATE_LOG_INFO("pump-sim: gateway connection back");
      reported_down = false;
    } catch (const Poco::Exception& e) {
      if (client) client->close();
      client.reset();
      if (!reported_down) {
        TITRATE_LOG_WARN("pump-sim: gateway %s:%u: %s; retrying", host_.c_str(), port_,
                         e.displayText().c_str());
      }
      reported_down = true;
      std::unique_lock<std::mutex> lock(mutex_);
      if (stopping_ && std::chrono::steady_clock::now() > drain_deadline_) break;
      wake_.wait_for(lock, pause, [this] {
        return stopping_ && std::chrono::steady_clock::now() > drain_deadline_;
      });
      pause = std::min(pause * 2, std::chrono::milliseconds(2000));
    }
  }
  if (client) client->close();
}

}  // namespace titrate::pump_sim
