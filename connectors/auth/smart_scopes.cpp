#include "connectors/auth/smart_scopes.h"

namespace titrate::auth {
namespace {

constexpr std::string_view kOrder = "cruds";
constexpr uint8_t kAll = 31;

uint8_t bit(Permission p) {
  return static_cast<uint8_t>(p);
}

// 0 when `text` is neither a v1 nor a well-formed v2 permission string.
uint8_t permissions(std::string_view text) {
  if (text == "read") return bit(Permission::kRead) | bit(Permission::kSearch);
  if (text == "write")
    return bit(Permission::kCreate) | bit(Permission::kUpdate) | bit(Permission::kDelete);
  if (text == "*") return kAll;
  uint8_t out = 0;
  size_t next = 0;  // v2 letters appear at most once, in c r u d s order
  for (char c : text) {
    const size_t at = kOrder.find(c, next);
    if (at == std::string_view::npos) return 0;
    out |= static_cast<uint8_t>(1u << at);
    next = at + 1;
  }
  return out;
}

bool valid_type(std::string_view type) {
  if (type == "*") return true;
  if (type.empty() || type[0] < 'A' || type[0] > 'Z') return false;
  for (char c : type) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace

char permission_letter(Permission permission) {
  switch (permission) {
    case Permission::kCreate:
      return 'c';
    case Permission::kRead:
      return 'r';
    case Permission::kUpdate:
      return 'u';
    case Permission::kDelete:
      return 'd';
    case Permission::kSearch:
      return 's';
  }
  return '?';
}

SmartScopes SmartScopes::parse(std::string_view scope) {
  constexpr std::string_view kPrefix = "system/";
  SmartScopes out;
  size_t start = 0;
  while (start < scope.size()) {
    size_t end = scope.find(' ', start);
    if (end == std::string_view::npos) end = scope.size();
    const std::string_view item = scope.substr(start, end - start);
    start = end + 1;
    if (item.rfind(kPrefix, 0) != 0 || item.find('?') != std::string_view::npos) continue;
    const std::string_view rest = item.substr(kPrefix.size());
    const size_t dot = rest.find('.');
    if (dot == std::string_view::npos) continue;
    const std::string_view type = rest.substr(0, dot);
    const uint8_t granted = permissions(rest.substr(dot + 1));
    if (granted != 0 && valid_type(type)) out.grants_.push_back({std::string(type), granted});
  }
  return out;
}

bool SmartScopes::allows(std::string_view resource_type, Permission permission) const {
  for (const Grant& grant : grants_) {
    if ((grant.type == "*" || grant.type == resource_type) && (grant.permissions & bit(permission)))
      return true;
  }
  return false;
}

}  // namespace titrate::auth
