#pragma once

#include <mutex>
#include <string>

#include "connectors/push/access_token.h"

namespace titrate::push {

// A bearer token kept in a file (outside the config, so it can be rotated without a restart):
// read on first use and again when the destination answered 401.
class BearerTokenSource : public AccessTokenSource {
 public:
  explicit BearerTokenSource(std::string file);

  // Throws PushAuthError when the file cannot be read or holds no token.
  std::string token(bool refresh) override;

 private:
  std::string file_;
  std::mutex mutex_;
  std::string token_;
};

}  // namespace titrate::push
