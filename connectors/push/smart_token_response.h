#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The token endpoint's JSON answer (RFC 6749 §5.1 / §5.2).
namespace titrate::push {

struct SmartTokenResponse {
  std::string access_token;
  std::string token_type;  // "bearer" (any case)
  int64_t expires_in = 0;  // seconds; 0 when absent
  std::string error;       // OAuth error code of an error answer ("invalid_client")
};

// nullopt when the body is not a JSON object.
std::optional<SmartTokenResponse> parse_token_response(std::string_view body);

}  // namespace titrate::push
