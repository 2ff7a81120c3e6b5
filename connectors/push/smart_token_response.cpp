#include "connectors/push/smart_token_response.h"

#include <rapidjson/document.h>

namespace titrate::push {
namespace {

std::string string_member(const rapidjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return {};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

std::optional<SmartTokenResponse> parse_token_response(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  SmartTokenResponse r;
  r.access_token = string_member(doc, "access_token");
  r.token_type = string_member(doc, "token_type");
  r.error = string_member(doc, "error");
  const auto expires = doc.FindMember("expires_in");
  if (expires != doc.MemberEnd()) {
    if (expires->value.IsInt64()) {
      r.expires_in = expires->value.GetInt64();
    } else if (expires->value.IsNumber()) {
      r.expires_in = static_cast<int64_t>(expires->value.GetDouble());
    } else if (expires->value.IsString()) {  // some servers send "3600"
      r.expires_in = std::strtoll(expires->value.GetString(), nullptr, 10);
    }
  }
  return r;
}

}  // namespace titrate::push
