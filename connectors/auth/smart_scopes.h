#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// SMART App Launch system scopes (Backend Services): v2 "system/<Type>.<cruds>" with the
// permissions c r u d s in that order, and v1 "system/<Type>.read|write|*"; <Type> may be "*".
namespace titrate::auth {

enum class Permission : uint8_t { kCreate = 1, kRead = 2, kUpdate = 4, kDelete = 8, kSearch = 16 };

// The letter SMART v2 uses for a permission ('c', 'r', 'u', 'd', 's').
char permission_letter(Permission permission);

class SmartScopes {
 public:
  // Ignores what it does not understand (patient/ and user/ scopes, openid, malformed
  // permissions) and scopes with a "?" constraint, which it cannot enforce: they grant nothing.
  static SmartScopes parse(std::string_view scope);
  bool allows(std::string_view resource_type, Permission permission) const;

 private:
  struct Grant {
    std::string type;  // "*" for every type
    uint8_t permissions = 0;
  };
  std::vector<Grant> grants_;
};

}  // namespace titrate::auth
