#include "connectors/push/smart_backend_token_source.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <istream>
#include <ostream>

#include "connectors/push/smart_client_assertion.h"
#include "connectors/push/smart_token_response.h"
#include "connectors/tls/tls_context.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"

namespace titrate::push {
namespace {

constexpr int64_t kRefreshMarginSeconds = 30;
constexpr int64_t kDefaultLifetimeSeconds = 300;
constexpr std::streamsize kMaxAnswerBytes = 64 * 1024;

void append_form_field(std::string& body, std::string_view name, const std::string& value) {
  if (!body.empty()) body += '&';
  body += name;
  body += '=';
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", body);
}

bool is_bearer(std::string type) {
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type.empty() || type == "bearer";
}

}  // namespace

SmartBackendTokenSource::SmartBackendTokenSource(const config::PushAuthConfig& auth,
                                                 std::optional<config::TlsConfig> tls,
                                                 int timeout_seconds, Clock clock)
    : auth_(auth),
      tls_(std::move(tls)),
      timeout_seconds_(std::max(timeout_seconds, 1)),
      clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return clock::now_us() / 1'000'000; };
  if (auth_.client_id.empty()) throw PushAuthError("SMART backend auth needs a client_id");
  Poco::URI uri;
  try {
    uri = Poco::URI(auth_.token_url);
  } catch (const Poco::Exception&) {
    throw PushAuthError("SMART backend token_url is not a URL");
  }
  if ((uri.getScheme() != "https" && uri.getScheme() != "http") || uri.getHost().empty()) {
    throw PushAuthError("SMART backend token_url must be an http(s) URL");
  }
  endpoint_ =
      uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort()) + uri.getPath();
  signer_ = std::make_unique<SmartAssertionSigner>(auth_.private_key, auth_.algorithm);
}

SmartBackendTokenSource::~SmartBackendTokenSource() = default;

std::string SmartBackendTokenSource::token(bool refresh) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t now = clock_();
  if (refresh) cached_.clear();
  if (!cached_.empty() && now < cached_until_) return cached_;
  cached_.clear();
  return fetch(now);
}

std::string SmartBackendTokenSource::fetch(int64_t now) {
  SmartAssertionClaims claims;
  claims.client_id = auth_.client_id;
  claims.audience = auth_.token_url;
  claims.key_id = auth_.key_id;
  claims.jti = new_assertion_id();
  claims.now_seconds = now;
  std::string body;
  append_form_field(body, "grant_type", "client_credentials");
  append_form_field(body, "scope", auth_.scope);
  append_form_field(body, "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  append_form_field(body, "client_assertion", signer_->sign(claims));

  Poco::Net::HTTPResponse response;
  std::string answer;
  try {
    const Poco::URI uri(auth_.token_url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(
          uri.getHost(), uri.getPort(),
          tls::make_client_context(tls_.value_or(config::TlsConfig{})));
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(timeout_seconds_, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathEtc(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/x-www-form-urlencoded");
    request.set("Accept", "application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session->sendRequest(request) << body;
    std::istream& in = session->receiveResponse(response);
    answer.resize(static_cast<size_t>(kMaxAnswerBytes));
    in.read(answer.data(), kMaxAnswerBytes);
    answer.resize(static_cast<size_t>(in.gcount()));
  } catch (const Poco::Exception& e) {
    throw PushAuthError("token endpoint " + endpoint_ + " unreachable: " + e.displayText());
  }

  const std::optional<SmartTokenResponse> parsed = parse_token_response(answer);
  const int status = static_cast<int>(response.getStatus());
  if (status != 200) {
    std::string what = "token endpoint " + endpoint_ + " answered " + std::to_string(status);
    if (parsed && !parsed->error.empty()) what += " " + parsed->error;
    throw PushAuthError(what);
  }
  if (!parsed || parsed->access_token.empty()) {
    throw PushAuthError("token endpoint " + endpoint_ + " answered 200 without an access_token");
  }
  if (!is_bearer(parsed->token_type)) {
    throw PushAuthError("token endpoint " + endpoint_ + " answered a token of type '" +
                        parsed->token_type + "', not bearer");
  }
  const int64_t lifetime = parsed->expires_in > 0 ? parsed->expires_in : kDefaultLifetimeSeconds;
  cached_ = parsed->access_token;
  cached_until_ = now + lifetime - kRefreshMarginSeconds;
  TITRATE_LOG_INFO("push auth: token from %s, expires in %lld s", endpoint_.c_str(),
                   static_cast<long long>(lifetime));
  return cached_;
}

}  // namespace titrate::push
