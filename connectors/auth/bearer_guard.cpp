#include "connectors/auth/bearer_guard.h"

#include <strings.h>

#include "connectors/auth/fhir_access.h"
#include "connectors/auth/jws_verify.h"
#include "connectors/auth/smart_scopes.h"
#include "connectors/fhir/fhir_response.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"

namespace titrate::auth {
namespace {

constexpr const char* kRealm = "Bearer realm=\"titrate\"";

// Header parameter values are quoted strings: keep them printable and quote-free.
std::string quotable(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') out += c;
  }
  return out;
}

http::Response unauthorized(const std::string& error) {
  http::Response r = fhir::outcome_response(
      401, error.empty() ? "login" : "security",
      error.empty() ? "a bearer token is required" : "invalid bearer token: " + error);
  std::string challenge = kRealm;
  if (!error.empty())
    challenge += ", error=\"invalid_token\", error_description=\"" + quotable(error) + "\"";
  r.headers.emplace_back("WWW-Authenticate", challenge);
  return r;
}

http::Response forbidden(const std::string& scope) {
  http::Response r = fhir::outcome_response(403, "forbidden", "the token lacks the scope " + scope);
  r.headers.emplace_back(
      "WWW-Authenticate",
      std::string(kRealm) + ", error=\"insufficient_scope\", scope=\"" + quotable(scope) + "\"");
  return r;
}

// The token of "Authorization: Bearer <token>" (scheme case-insensitive); nullopt when the
// request carries no bearer credentials.
std::optional<std::string> bearer_token(const http::Request& request) {
  const std::string value = request.header("Authorization");
  constexpr size_t kScheme = 6;  // "Bearer"
  if (value.size() < kScheme || strncasecmp(value.c_str(), "Bearer", kScheme) != 0)
    return std::nullopt;
  if (value.size() > kScheme && value[kScheme] != ' ') return std::nullopt;
  size_t start = kScheme;
  while (start < value.size() && value[start] == ' ') ++start;
  size_t end = value.size();
  while (end > start && value[end - 1] == ' ') --end;
  return value.substr(start, end - start);
}

void set_client(http::Request& request, const std::string& client) {
  std::erase_if(request.headers, [](const auto& header) {
    return strcasecmp(header.first.c_str(), "X-Titrate-Client") == 0;
  });
  request.headers.emplace_back("X-Titrate-Client", client);
}

}  // namespace

BearerGuard::BearerGuard(Jwks keys, ClaimRules rules, Clock now_seconds)
    : BearerGuard(std::make_shared<JwksSource>(std::move(keys)), std::move(rules),
                  std::move(now_seconds)) {}

BearerGuard::BearerGuard(std::shared_ptr<JwksSource> keys, ClaimRules rules, Clock now_seconds)
    : keys_(std::move(keys)), rules_(std::move(rules)), now_seconds_(std::move(now_seconds)) {
  if (!now_seconds_) now_seconds_ = [] { return clock::now_us() / 1000000; };
}

std::optional<http::Response> BearerGuard::check(http::Request& request) const {
  const FhirAccess access = fhir_access(request);
  if (access.is_public) return std::nullopt;
  const std::optional<std::string> token = bearer_token(request);
  if (!token) {
    TITRATE_LOG_INFO("auth: %s %s refused: no bearer token", request.method.c_str(),
                     request.path.c_str());
    return unauthorized("");
  }
  JwsVerification jws = verify_jws(*token, *keys_->keys());
  if (!jws.ok && jws.error == kUnknownKid)
    jws = verify_jws(*token, *keys_->refetch_for_unknown_kid());
  const ClaimCheck claims =
      jws.ok ? check_claims(jws.payload, rules_, now_seconds_()) : ClaimCheck{false, jws.error, {}};
  if (!claims.ok) {
    TITRATE_LOG_INFO("auth: %s %s refused: %s", request.method.c_str(), request.path.c_str(),
                     claims.error.c_str());
    return unauthorized(claims.error);
  }
  const SmartScopes scopes = SmartScopes::parse(claims.claims.scope);
  for (const RequiredAccess& need : access.required) {
    if (!scopes.allows(need.resource_type, need.permission)) {
      const std::string scope =
          "system/" + need.resource_type + "." + permission_letter(need.permission);
      TITRATE_LOG_INFO("auth: %s %s refused for client %s: missing scope %s",
                       request.method.c_str(), request.path.c_str(), claims.claims.client.c_str(),
                       scope.c_str());
      http::Response refusal = forbidden(scope);
      refusal.principal = claims.claims.client.empty() ? "anonymous" : claims.claims.client;
      return refusal;
    }
  }
  set_client(request, claims.claims.client.empty() ? "anonymous" : claims.claims.client);
  return std::nullopt;
}

std::vector<http::Route> guard_fhir_routes(std::vector<http::Route> routes,
                                           std::shared_ptr<const BearerGuard> guard) {
  for (http::Route& route : routes) {
    if (route.path.rfind("/fhir", 0) != 0) continue;
    route.handler = [guard, inner = std::move(route.handler)](const http::Request& in) {
      http::Request request = in;
      if (std::optional<http::Response> refusal = guard->check(request)) return *refusal;
      http::Response response = inner(request);
      response.principal = request.header("X-Titrate-Client");
      return response;
    };
  }
  return routes;
}

}  // namespace titrate::auth
