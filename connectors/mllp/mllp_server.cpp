#include "connectors/mllp/mllp_server.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <sys/socket.h>

#include <optional>

#include "connectors/limits/token_bucket.h"
#include "connectors/mllp/frame_decoder.h"
#include "connectors/tls/tls_context.h"
#include "gateway/log/log.h"

namespace titrate::mllp {
namespace {

// A peer that sends this much without ever starting a frame is not speaking MLLP.
constexpr size_t kMaxGarbageBeforeClose = size_t{16} * 1024;

void send_all(Poco::Net::StreamSocket& socket, std::string_view bytes) {
  while (!bytes.empty()) {
    int sent = socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    if (sent <= 0) throw Poco::Net::NetException("connection closed while sending");
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
}

}  // namespace

struct MllpServer::Connection {
  Poco::Net::StreamSocket socket;
  std::string peer;
  std::string client;  // the peer's IP address: the key of max_connections_per_client
  std::thread thread;
  std::atomic<bool> finished{false};
};

MllpServer::MllpServer(config::MllpChannelConfig channel, FrameHandler handler,
                       TlsFailureHandler on_tls_failure)
    : channel_(std::move(channel)),
      handler_(std::move(handler)),
      on_tls_failure_(std::move(on_tls_failure)) {}

MllpServer::~MllpServer() {
  stop();
}

void MllpServer::start() {
  Poco::Net::SocketAddress address(channel_.bind, channel_.port);
  const int backlog = static_cast<int>(std::max<size_t>(64, channel_.max_connections));
  if (channel_.tls) {
    tls_context_ = tls::make_server_context(*channel_.tls);
    listener_ = std::make_unique<Poco::Net::SecureServerSocket>(tls_context_);
  } else {
    listener_ = std::make_unique<Poco::Net::ServerSocket>();
  }
  listener_->bind(address, /*reuseAddress=*/true);
  listener_->listen(backlog);
  accept_thread_ = std::thread([this] { accept_loop(); });
}

uint16_t MllpServer::port() const {
  return listener_->address().port();
}

std::string MllpServer::address() const {
  return listener_->address().toString();
}

void MllpServer::stop() {
  if (!listener_ || stopping_.exchange(true)) return;
  if (accept_thread_.joinable()) accept_thread_.join();
  listener_->close();
  std::list<std::shared_ptr<Connection>> connections;
  {
    std::lock_guard lock(connections_mutex_);
    connections.swap(connections_);
  }
  for (auto& c : connections) {
    // Wakes a thread blocked in receive; a message being journaled still completes.
    ::shutdown(c->socket.impl()->sockfd(), SHUT_RDWR);
  }
  for (auto& c : connections) {
    if (c->thread.joinable()) c->thread.join();
  }
}

void MllpServer::reap_finished() {
  std::lock_guard lock(connections_mutex_);
  for (auto it = connections_.begin(); it != connections_.end();) {
    if ((*it)->finished) {
      (*it)->thread.join();
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

void MllpServer::accept_loop() {
  const Poco::Timespan poll_interval(0, 200000);
  while (!stopping_) {
    reap_finished();
    try {
      if (!listener_->poll(poll_interval, Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::SocketAddress peer_address;
      Poco::Net::StreamSocket socket = listener_->acceptConnection(peer_address);
      if (stats_.active.load() >= channel_.max_connections) {
        ++stats_.refused;
        log_refusal(
            peer_address.toString(), "refused connection",
            (std::to_string(channel_.max_connections) + " connections open (max_connections)")
                .c_str());
        socket.close();
        continue;
      }
      std::string client = peer_address.host().toString();
      if (!per_client_.try_acquire(client, channel_.max_connections_per_client)) {
        ++stats_.refused_per_client;
        log_refusal(peer_address.toString(), "refused connection",
                    (std::to_string(channel_.max_connections_per_client) +
                     " connections open from this address (max_connections_per_client)")
                        .c_str());
        socket.close();
        continue;
      }
      ++stats_.accepted;
      ++stats_.active;
      auto connection = std::make_shared<Connection>();
      connection->socket = socket;
      connection->peer = peer_address.toString();
      connection->client = std::move(client);
      std::lock_guard lock(connections_mutex_);
      connections_.push_back(connection);
      connection->thread = std::thread([this, connection] {
        serve(connection);
        per_client_.release(connection->client);
        --stats_.active;
        connection->finished = true;
      });
    } catch (const Poco::Exception& e) {
      if (!stopping_)
        TITRATE_LOG_WARN("channel %s: accept failed: %s", channel_.name.c_str(),
                         e.displayText().c_str());
    }
  }
}

void MllpServer::log_refusal(const std::string& address, const char* reason, const char* detail) {
  uint64_t suppressed = 0;
  const std::string host = address.substr(0, address.rfind(':'));
  if (!refusal_log_.should_log(host + ' ' + reason, limits::monotonic_us(), suppressed)) return;
  TITRATE_LOG_WARN("channel %s: %s from %s: %s%s", channel_.name.c_str(), reason, address.c_str(),
                   detail, limits::suppressed_note(suppressed).c_str());
}

void MllpServer::serve(const std::shared_ptr<Connection>& connection) {
  PeerInfo peer{channel_.name, connection->peer, channel_.tls.has_value(), {}};
  Poco::Net::StreamSocket socket = connection->socket;
  const Poco::Timespan idle(channel_.idle_timeout_seconds, 0);
  try {
    socket.setReceiveTimeout(idle);
    socket.setSendTimeout(idle);
    socket.setNoDelay(true);
    if (channel_.tls) {
      Poco::Net::SecureStreamSocket secure(socket);
      secure.completeHandshake();
      if (secure.havePeerCertificate())
        peer.certificate_subject = secure.peerCertificate().subjectName();
    }
  } catch (const Poco::Exception& e) {
    ++stats_.tls_failures;
    TITRATE_LOG_WARN("channel %s: TLS handshake with %s failed: %s", channel_.name.c_str(),
                     peer.address.c_str(), e.displayText().c_str());
    if (on_tls_failure_) on_tls_failure_(peer, e.displayText());
    return;
  }

  FrameDecoder decoder(channel_.max_frame_bytes);
  std::vector<char> buffer(size_t{64} * 1024);
  size_t garbage_without_frame = 0;
  bool close = false;
  std::optional<limits::TokenBucket> rate_limit;
  if (channel_.rate_limit.enabled()) {
    rate_limit.emplace(static_cast<double>(channel_.rate_limit.per_second),
                       static_cast<double>(channel_.rate_limit.burst), limits::monotonic_us());
  }
  const std::string rate_limit_text = "rate limit exceeded (" +
                                      std::to_string(channel_.rate_limit.per_second) +
                                      " messages per second per connection on channel " +
                                      channel_.name + "); message not accepted, resend later";
  // The idle timeout bounds each read; a sender dribbling a frame byte by byte would defeat
  // it, so a started frame also has a deadline, enforced by shortening the read timeout.
  const int64_t idle_us = int64_t{channel_.idle_timeout_seconds} * 1'000'000;
  const int64_t frame_timeout_us = int64_t{channel_.frame_timeout_seconds} * 1'000'000;
  int64_t frame_deadline_us = 0;  // while a frame is open
  bool short_timeout = false;     // the read timeout is below the idle timeout
  try {
    while (!close && !stopping_) {
      if (frame_deadline_us != 0) {
        const int64_t left = frame_deadline_us - limits::monotonic_us();
        if (left <= 0) {
          ++stats_.frame_timeouts;
          log_refusal(peer.address, "closing connection",
                      ("frame not complete within frame_timeout_seconds (" +
                       std::to_string(channel_.frame_timeout_seconds) + " s)")
                          .c_str());
          break;
        }
        if (left < idle_us) {
          socket.setReceiveTimeout(Poco::Timespan(left));
          short_timeout = true;
        }
      }
      int n = 0;
      try {
        n = socket.receiveBytes(buffer.data(), static_cast<int>(buffer.size()));
      } catch (const Poco::TimeoutException&) {
        if (short_timeout) continue;  // the frame deadline: checked at the top of the loop
        ++stats_.idle_timeouts;
        TITRATE_LOG_INFO("channel %s: closing %s connection from %s after %d s idle",
                         channel_.name.c_str(), decoder.in_frame() ? "stalled mid-frame" : "idle",
                         peer.address.c_str(), channel_.idle_timeout_seconds);
        break;
      }
      if (n <= 0) break;
      size_t frames_ended = 0;
      decoder.feed(
          std::string_view(buffer.data(), static_cast<size_t>(n)), [&](const FrameEvent& event) {
            if (close) return;
            if (event.kind == FrameEvent::Kind::kGarbage) {
              stats_.garbage_bytes += event.total_bytes;
              garbage_without_frame += event.total_bytes;
              TITRATE_LOG_WARN("channel %s: skipped %zu bytes outside MLLP frames from %s",
                               channel_.name.c_str(), event.total_bytes, peer.address.c_str());
              if (garbage_without_frame > kMaxGarbageBeforeClose) {
                TITRATE_LOG_WARN("channel %s: closing %s: not an MLLP peer", channel_.name.c_str(),
                                 peer.address.c_str());
                close = true;
              }
              return;
            }
            garbage_without_frame = 0;
            ++frames_ended;
            ++stats_.frames;
            InboundFrame frame;
            frame.payload = event.bytes;
            frame.oversized = event.kind == FrameEvent::Kind::kOversized;
            frame.total_bytes = event.total_bytes;
            if (frame.oversized) ++stats_.oversized;
            if (rate_limit && !rate_limit->try_take(limits::monotonic_us())) {
              ++stats_.rate_limited;
              frame.refusal = rate_limit_text;
              log_refusal(peer.address, "refused message", rate_limit_text.c_str());
            }
            std::string out;
            for (const std::string& reply : handler_(frame, peer)) append_frame(reply, out);
            if (!out.empty()) send_all(socket, out);
          });
      if (!decoder.in_frame()) {
        frame_deadline_us = 0;
        if (short_timeout) {
          socket.setReceiveTimeout(idle);
          short_timeout = false;
        }
      } else if (frame_deadline_us == 0 || frames_ended > 0) {
        frame_deadline_us = limits::monotonic_us() + frame_timeout_us;
      }
    }
  } catch (const Poco::Exception& e) {
    if (!stopping_) {
      TITRATE_LOG_WARN("channel %s: connection from %s ended: %s", channel_.name.c_str(),
                       peer.address.c_str(), e.displayText().c_str());
    }
  } catch (const std::exception& e) {
    TITRATE_LOG_ERROR("channel %s: connection from %s ended: %s", channel_.name.c_str(),
                      peer.address.c_str(), e.what());
  }
  try {
    socket.close();
  } catch (...) {
  }
}

}  // namespace titrate::mllp
