#include "connectors/auth/token_claims.h"

#include <rapidjson/document.h>

#include <optional>

namespace titrate::auth {
namespace {

ClaimCheck refuse(std::string error) {
  ClaimCheck out;
  out.error = std::move(error);
  return out;
}

std::optional<int64_t> seconds(const rapidjson::Value& claims, const char* name) {
  auto it = claims.FindMember(name);
  if (it == claims.MemberEnd() || !it->value.IsNumber()) return std::nullopt;
  if (it->value.IsInt64()) return it->value.GetInt64();
  const double d = it->value.GetDouble();
  if (!(d > -1e15 && d < 1e15)) return std::nullopt;
  return static_cast<int64_t>(d);
}

std::string string_claim(const rapidjson::Value& claims, const char* name) {
  auto it = claims.FindMember(name);
  return it != claims.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

bool audience_matches(const rapidjson::Value& claims, const std::string& audience) {
  auto it = claims.FindMember("aud");
  if (it == claims.MemberEnd()) return false;
  if (it->value.IsString()) return audience == it->value.GetString();
  if (!it->value.IsArray()) return false;
  for (const auto& entry : it->value.GetArray()) {
    if (entry.IsString() && audience == entry.GetString()) return true;
  }
  return false;
}

std::string scope_claim(const rapidjson::Value& claims) {
  auto it = claims.FindMember("scope");
  if (it != claims.MemberEnd() && it->value.IsString()) return it->value.GetString();
  it = claims.FindMember("scp");
  std::string joined;
  if (it != claims.MemberEnd() && it->value.IsArray()) {
    for (const auto& entry : it->value.GetArray()) {
      if (!entry.IsString()) continue;
      if (!joined.empty()) joined += ' ';
      joined += entry.GetString();
    }
  }
  return joined;
}

}  // namespace

ClaimCheck check_claims(const std::string& payload_json, const ClaimRules& rules,
                        int64_t now_seconds) {
  rapidjson::Document claims;
  claims.Parse(payload_json.c_str(), payload_json.size());
  if (claims.HasParseError() || !claims.IsObject())
    return refuse("the claims are not a JSON object");
  const std::optional<int64_t> exp = seconds(claims, "exp");
  if (!exp) return refuse("the token has no exp");
  if (*exp <= now_seconds - rules.clock_skew_seconds) return refuse("the token has expired");
  if (claims.HasMember("nbf")) {
    const std::optional<int64_t> nbf = seconds(claims, "nbf");
    if (!nbf) return refuse("nbf is not a number");
    if (*nbf > now_seconds + rules.clock_skew_seconds) return refuse("the token is not yet valid");
  }
  if (string_claim(claims, "iss") != rules.issuer) return refuse("wrong issuer");
  if (!audience_matches(claims, rules.audience)) return refuse("wrong audience");
  ClaimCheck out;
  out.ok = true;
  out.claims.client = string_claim(claims, "client_id");
  if (out.claims.client.empty()) out.claims.client = string_claim(claims, "azp");
  if (out.claims.client.empty()) out.claims.client = string_claim(claims, "sub");
  out.claims.scope = scope_claim(claims);
  return out;
}

}  // namespace titrate::auth
