#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Timespan.h>

#include <memory>
#include <string>

#include "connectors/push/access_token.h"
#include "connectors/push/push_transport.h"
#include "gateway/config/gateway_config.h"

namespace titrate::push {

// PUT <base_url>/<type>/<id> with the resource as application/fhir+json, on one keep-alive
// HTTP(S) connection (one transport per worker thread). HTTPS verifies the server against the
// destination's CA and presents its client certificate when one is configured (mutual TLS).
// Outcomes: 2xx delivered; 408, 429, 5xx, connection failures and timeouts retried; a 401 is
// retried once at once with a fresh token, then retried later; any other status rejected.
class FhirPushTransport : public PushTransport {
 public:
  // `tokens` null: no Authorization header. Throws std::invalid_argument for a base URL that
  // is not http(s)://host[:port][/path].
  FhirPushTransport(const config::PushDestinationConfig& destination,
                    std::shared_ptr<AccessTokenSource> tokens);
  ~FhirPushTransport() override;

  DeliveryResult deliver(const OutboxItem& item) override;

 private:
  // The response status; throws Poco::Exception for connection failures and timeouts.
  int put(const OutboxItem& item, const std::string& token);
  Poco::Net::HTTPClientSession& session();

  std::string name_;
  bool https_ = false;
  std::string host_;
  uint16_t port_ = 0;
  std::string base_path_;  // without a trailing slash
  Poco::Timespan timeout_;
  Poco::Net::Context::Ptr context_;
  std::shared_ptr<AccessTokenSource> tokens_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  bool session_used_ = false;  // a request went over the current connection
};

// The DeliveryOutcome of an HTTP status (401 included: rejected here; the transport retries it).
DeliveryOutcome outcome_of_status(int status);

}  // namespace titrate::push
