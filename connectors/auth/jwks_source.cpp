#include "connectors/auth/jwks_source.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <chrono>
#include <stdexcept>

#include "connectors/tls/tls_context.h"
#include "gateway/clock/utc_time.h"
#include "gateway/config/config_error.h"
#include "gateway/log/log.h"

namespace titrate::auth {
namespace {

constexpr std::streamsize kMaxJwksBytes = 1 << 20;
constexpr int kTimeoutSeconds = 10;

int64_t now_s() {
  return clock::now_us() / 1'000'000;
}

}  // namespace

JwksSource::JwksSource(Jwks keys) : keys_(std::make_shared<const Jwks>(std::move(keys))) {}

JwksSource::JwksSource(std::string url, std::optional<config::TlsConfig> tls, int refresh_seconds,
                       const std::string& config_file)
    : url_(std::move(url)), tls_(std::move(tls)) {
  try {
    keys_ = fetch();
  } catch (const std::exception& e) {
    throw config::ConfigError(config_file, "/auth/jwks_url", e.what());
  }
  fetched_at_s_ = now_s();
  TITRATE_LOG_INFO("auth: %zu keys from %s", keys_->size(), url_.c_str());
  refresher_ = std::thread([this, refresh_seconds] { run(refresh_seconds); });
}

JwksSource::~JwksSource() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (refresher_.joinable()) refresher_.join();
}

std::shared_ptr<const Jwks> JwksSource::keys() const {
  std::lock_guard lock(mutex_);
  return keys_;
}

std::shared_ptr<const Jwks> JwksSource::refetch_for_unknown_kid() {
  if (url_.empty()) return keys();
  {
    std::lock_guard lock(mutex_);
    if (now_s() - fetched_at_s_ < kMinRefetchSeconds) return keys_;
  }
  refresh("a token names a kid the key set lacks");
  return keys();
}

bool JwksSource::refresh(const char* why) {
  std::lock_guard one_at_a_time(fetch_mutex_);
  try {
    std::shared_ptr<const Jwks> fresh = fetch();
    std::lock_guard lock(mutex_);
    keys_ = std::move(fresh);
    fetched_at_s_ = now_s();
    return true;
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    fetched_at_s_ = now_s();  // a failing endpoint is not retried on every token
    TITRATE_LOG_WARN(
        "auth: refreshing the keys from %s (%s) failed, the %zu keys in force stay: %s",
        url_.c_str(), why, keys_->size(), e.what());
    return false;
  }
}

void JwksSource::run(int refresh_seconds) {
  std::unique_lock lock(mutex_);
  while (!stop_cv_.wait_for(lock, std::chrono::seconds(refresh_seconds),
                            [this] { return stopping_; })) {
    lock.unlock();
    refresh("periodic refresh");
    lock.lock();
  }
}

std::shared_ptr<const Jwks> JwksSource::fetch() const {
  std::string body;
  int status = 0;
  try {
    const Poco::URI uri(url_);
    Poco::Net::HTTPSClientSession session(
        uri.getHost(), uri.getPort(), tls::make_client_context(tls_.value_or(config::TlsConfig{})));
    session.setTimeout(Poco::Timespan(kTimeoutSeconds, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathEtc(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Accept", "application/json, application/jwk-set+json");
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    status = static_cast<int>(response.getStatus());
    body.resize(static_cast<size_t>(kMaxJwksBytes));
    in.read(body.data(), kMaxJwksBytes);
    body.resize(static_cast<size_t>(in.gcount()));
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("JWKS endpoint " + url_ + " unreachable: " + e.displayText());
  }
  if (status != 200) {
    throw std::runtime_error("JWKS endpoint " + url_ + " answered " + std::to_string(status));
  }
  try {
    return std::make_shared<const Jwks>(Jwks::parse(body, url_));
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("JWKS endpoint answered an invalid key set: ") + e.what());
  }
}

}  // namespace titrate::auth
