#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "connectors/auth/jwks.h"
#include "connectors/auth/jwks_source.h"
#include "connectors/auth/token_claims.h"
#include "connectors/http/http_server.h"

// Bearer-token authentication and SMART-scope authorization in front of the FHIR API.
namespace titrate::auth {

class BearerGuard {
 public:
  using Clock = std::function<int64_t()>;  // Unix seconds
  BearerGuard(Jwks keys, ClaimRules rules, Clock now_seconds = {});
  BearerGuard(std::shared_ptr<JwksSource> keys, ClaimRules rules, Clock now_seconds = {});

  // nullopt when the request may go on; `request`'s X-Titrate-Client header then names the
  // token's client (replacing whatever the caller sent). Otherwise the answer: 401 with
  // WWW-Authenticate for a missing or invalid token, 403 naming the missing scope, each with
  // an OperationOutcome. Public requests (GET /fhir/metadata) pass without a token.
  std::optional<http::Response> check(http::Request& request) const;

 private:
  std::shared_ptr<JwksSource> keys_;
  ClaimRules rules_;
  Clock now_seconds_;
};

// Every route under /fhir, its handler run only when `guard` lets the request through; other
// routes (/health, /metrics) unchanged.
std::vector<http::Route> guard_fhir_routes(std::vector<http::Route> routes,
                                           std::shared_ptr<const BearerGuard> guard);

}  // namespace titrate::auth
