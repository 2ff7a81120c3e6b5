#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "connectors/limits/connection_counter.h"
#include "connectors/limits/refusal_log.h"
#include "gateway/config/gateway_config.h"

namespace titrate::mllp {

struct PeerInfo {
  std::string channel;
  std::string address;  // ip:port of the peer
  bool tls = false;
  std::string certificate_subject;  // empty without a client certificate
};

struct InboundFrame {
  std::string_view payload;  // for an oversized frame: only its head
  bool oversized = false;
  size_t total_bytes = 0;
  // Non-empty: the server refuses this frame (the connection's rate limit): the handler answers
  // with a negative acknowledgement carrying this text and does not accept the message.
  std::string_view refusal;
};

// Returns the payloads to send back, in order (usually one ACK; none when the sender asked
// for no acknowledgement).
using FrameHandler = std::function<std::vector<std::string>(const InboundFrame&, const PeerInfo&)>;

struct MllpServerStats {
  std::atomic<uint64_t> accepted{0}, refused{0}, active{0}, frames{0}, oversized{0},
      garbage_bytes{0}, idle_timeouts{0}, tls_failures{0};
  // Abuse limits: connections refused at max_connections_per_client, frames refused by the
  // rate limit, connections closed because a frame did not end within frame_timeout_seconds.
  std::atomic<uint64_t> refused_per_client{0}, rate_limited{0}, frame_timeouts{0};
};

// One MLLP listener: an accept thread and one thread per connection, bounded by the
// channel's max_connections and max_connections_per_client. A connection over a limit is
// refused (closed) and logged. Each connection has its own message rate limit and a deadline
// for every frame it starts.
class MllpServer {
 public:
  // Told of every failed TLS handshake (a peer refused at node authentication), for the audit.
  using TlsFailureHandler = std::function<void(const PeerInfo&, const std::string& error)>;

  MllpServer(config::MllpChannelConfig channel, FrameHandler handler,
             TlsFailureHandler on_tls_failure = {});
  ~MllpServer();
  MllpServer(const MllpServer&) = delete;
  MllpServer& operator=(const MllpServer&) = delete;

  void start();           // binds and starts accepting; throws when the port cannot be bound
  void stop();            // stops accepting, closes connections, joins threads
  uint16_t port() const;  // the bound port (useful with port 0)
  std::string address() const;
  const MllpServerStats& stats() const { return stats_; }
  const config::MllpChannelConfig& channel() const { return channel_; }

 private:
  struct Connection;
  void accept_loop();
  void serve(const std::shared_ptr<Connection>& connection);
  void reap_finished();
  // Logs a refusal at most once per peer address and reason every few seconds.
  void log_refusal(const std::string& address, const char* reason, const char* detail);

  config::MllpChannelConfig channel_;
  FrameHandler handler_;
  TlsFailureHandler on_tls_failure_;
  Poco::Net::Context::Ptr tls_context_;
  std::unique_ptr<Poco::Net::ServerSocket> listener_;
  std::thread accept_thread_;
  std::atomic<bool> stopping_{false};
  std::mutex connections_mutex_;
  std::list<std::shared_ptr<Connection>> connections_;
  MllpServerStats stats_;
  limits::ConnectionCounter per_client_;
  limits::RefusalLog refusal_log_;
};

}  // namespace titrate::mllp
