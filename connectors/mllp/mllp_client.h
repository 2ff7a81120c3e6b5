#pragma once

#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <deque>
#include <optional>
#include <string>

#include "connectors/mllp/frame_decoder.h"
#include "gateway/config/gateway_config.h"

namespace titrate::mllp {

// A blocking MLLP client: one connection, frames out, frames back.
class MllpClient {
 public:
  MllpClient(std::string host, uint16_t port, std::optional<config::TlsConfig> tls = std::nullopt,
             const Poco::Timespan& timeout = Poco::Timespan(30, 0));

  void connect();
  void send(std::string_view payload);
  // The next reply frame; throws Poco::TimeoutException or Poco::Net::NetException.
  std::string receive();
  std::string exchange(std::string_view payload);
  void close();

 private:
  std::string host_;
  uint16_t port_;
  std::optional<config::TlsConfig> tls_;
  Poco::Timespan timeout_;
  Poco::Net::StreamSocket socket_;
  FrameDecoder decoder_;
  std::deque<std::string> replies_;
  std::string out_;
};

}  // namespace titrate::mllp
