#include "connectors/mllp/mllp_client.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureStreamSocket.h>

#include "connectors/tls/tls_context.h"

namespace titrate::mllp {

MllpClient::MllpClient(std::string host, uint16_t port, std::optional<config::TlsConfig> tls,
                       const Poco::Timespan& timeout)
    : host_(std::move(host)),
      port_(port),
      tls_(std::move(tls)),
      timeout_(timeout),
      decoder_(256u << 20) {}

void MllpClient::connect() {
  Poco::Net::SocketAddress address(host_, port_);
  if (tls_) {
    Poco::Net::SecureStreamSocket secure(tls::make_client_context(*tls_));
    secure.setPeerHostName(host_);
    secure.connect(address, timeout_);
    socket_ = secure;
  } else {
    socket_.connect(address, timeout_);
  }
  socket_.setNoDelay(true);
  socket_.setReceiveTimeout(timeout_);
  socket_.setSendTimeout(timeout_);
}

void MllpClient::send(std::string_view payload) {
  out_.clear();
  append_frame(payload, out_);
  std::string_view rest = out_;
  while (!rest.empty()) {
    int sent = socket_.sendBytes(rest.data(), static_cast<int>(rest.size()));
    if (sent <= 0) throw Poco::Net::NetException("connection closed while sending");
    rest.remove_prefix(static_cast<size_t>(sent));
  }
}

std::string MllpClient::receive() {
  char buffer[16 * 1024];
  while (replies_.empty()) {
    int n = socket_.receiveBytes(buffer, sizeof buffer);
    if (n <= 0) throw Poco::Net::NetException("connection closed by the server before a reply");
    decoder_.feed(std::string_view(buffer, static_cast<size_t>(n)), [&](const FrameEvent& event) {
      if (event.kind == FrameEvent::Kind::kFrame) replies_.emplace_back(event.bytes);
    });
  }
  std::string reply = std::move(replies_.front());
  replies_.pop_front();
  return reply;
}

std::string MllpClient::exchange(std::string_view payload) {
  send(payload);
  return receive();
}

void MllpClient::close() {
  try {
    socket_.close();
  } catch (...) {
  }
}

}  // namespace titrate::mllp
