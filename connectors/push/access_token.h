#pragma once

#include <stdexcept>
#include <string>

// Where a FHIR destination's bearer token comes from: a file (bearer_token_source.h) or a
// SMART Backend Services token endpoint (smart_backend_token_source.h).
namespace titrate::push {

// No token could be had (token endpoint down or refusing, key unreadable). The detail names
// the destination's token endpoint and status, never a credential.
class PushAuthError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AccessTokenSource {
 public:
  virtual ~AccessTokenSource() = default;
  // The token to send as "Authorization: Bearer <token>". `refresh` after the destination
  // answered 401: a cached token must not be returned again. Thread-safe. Throws PushAuthError.
  virtual std::string token(bool refresh) = 0;
};

}  // namespace titrate::push
