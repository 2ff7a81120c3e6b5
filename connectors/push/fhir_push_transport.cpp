#include "connectors/push/fhir_push_transport.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <stdexcept>

#include "connectors/tls/tls_context.h"

namespace titrate::push {
namespace {

std::string status_detail(int status) {
  return "HTTP " + std::to_string(status);
}

}  // namespace

DeliveryOutcome outcome_of_status(int status) {
  if (status >= 200 && status < 300) return DeliveryOutcome::kDelivered;
  if (status == 408 || status == 429 || status >= 500) return DeliveryOutcome::kRetry;
  return DeliveryOutcome::kRejected;
}

FhirPushTransport::FhirPushTransport(const config::PushDestinationConfig& destination,
                                     std::shared_ptr<AccessTokenSource> tokens)
    : name_(destination.name),
      timeout_(destination.timeout_seconds, 0),
      tokens_(std::move(tokens)) {
  Poco::URI uri;
  try {
    uri = Poco::URI(destination.base_url);
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("push destination " + name_ + ": base_url: " + e.message());
  }
  if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty() ||
      !uri.getQuery().empty() || !uri.getFragment().empty()) {
    throw std::invalid_argument("push destination " + name_ +
                                ": base_url must be http(s)://host[:port][/path]");
  }
  https_ = uri.getScheme() == "https";
  host_ = uri.getHost();
  port_ = uri.getPort();
  base_path_ = uri.getPath();
  while (!base_path_.empty() && base_path_.back() == '/') base_path_.pop_back();
  if (https_) context_ = tls::make_client_context(destination.tls.value_or(config::TlsConfig{}));
}

FhirPushTransport::~FhirPushTransport() = default;

Poco::Net::HTTPClientSession& FhirPushTransport::session() {
  if (!session_) {
    if (https_) {
      session_ = std::make_unique<Poco::Net::HTTPSClientSession>(host_, port_, context_);
    } else {
      session_ = std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
    }
    session_->setTimeout(timeout_);
    session_->setKeepAlive(true);
    session_used_ = false;
  }
  return *session_;
}

int FhirPushTransport::put(const OutboxItem& item, const std::string& token) {
  std::string path = base_path_ + "/";
  Poco::URI::encode(item.resource_type, "/?#", path);
  path += '/';
  Poco::URI::encode(item.resource_id, "/?#", path);
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_PUT, path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/fhir+json");
  request.set("Accept", "application/fhir+json");
  request.setContentLength(static_cast<std::streamsize>(item.payload.size()));
  request.setKeepAlive(true);
  if (!token.empty()) request.setCredentials("Bearer", token);

  // A keep-alive connection the server has closed since fails the first write or read: the
  // PUT is idempotent, so it is sent once more on a new connection before giving up.
  for (int attempt = 0;; ++attempt) {
    Poco::Net::HTTPClientSession& s = session();
    const bool reused = session_used_;
    try {
      s.sendRequest(request).write(item.payload.data(),
                                   static_cast<std::streamsize>(item.payload.size()));
      Poco::Net::HTTPResponse response;
      std::istream& body = s.receiveResponse(response);
      Poco::NullOutputStream discard;  // read to the end so the connection can be reused
      Poco::StreamCopier::copyStream(body, discard);
      session_used_ = true;
      if (!response.getKeepAlive()) session_.reset();
      return static_cast<int>(response.getStatus());
    } catch (const Poco::Exception&) {
      session_.reset();
      if (!reused || attempt > 0) throw;
    }
  }
}

DeliveryResult FhirPushTransport::deliver(const OutboxItem& item) {
  DeliveryResult result;
  try {
    std::string token = tokens_ ? tokens_->token(false) : std::string();
    int status = put(item, token);
    if (status == 401 && tokens_) {
      token = tokens_->token(true);
      status = put(item, token);
      if (status == 401) {
        result.outcome = DeliveryOutcome::kRetry;
        result.detail = "HTTP 401 with a fresh token";
        return result;
      }
    }
    result.outcome = outcome_of_status(status);
    result.detail = status_detail(status);
  } catch (const PushAuthError& e) {
    result.outcome = DeliveryOutcome::kRetry;
    result.detail = std::string("no access token: ") + e.what();
  } catch (const Poco::Exception& e) {
    result.outcome = DeliveryOutcome::kRetry;
    result.detail = e.displayText();
  }
  return result;
}

}  // namespace titrate::push
