#include "connectors/auth/fhir_access.h"

#include <rapidjson/document.h>

#include <string_view>

namespace titrate::auth {
namespace {

// The resource types of a Bundle's entries; "Bundle" itself when none can be read, so that an
// unreadable body still needs a create scope (the ingest route then answers 400).
std::vector<RequiredAccess> bundle_access(const std::string& body) {
  std::vector<RequiredAccess> out;
  auto add = [&out](std::string type) {
    for (const RequiredAccess& a : out) {
      if (a.resource_type == type) return;
    }
    out.push_back({std::move(type), Permission::kCreate});
  };
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (!doc.HasParseError() && doc.IsObject()) {
    auto entries = doc.FindMember("entry");
    if (entries != doc.MemberEnd() && entries->value.IsArray()) {
      for (const auto& entry : entries->value.GetArray()) {
        if (!entry.IsObject()) continue;
        auto resource = entry.FindMember("resource");
        if (resource == entry.MemberEnd() || !resource->value.IsObject()) continue;
        auto type = resource->value.FindMember("resourceType");
        if (type != resource->value.MemberEnd() && type->value.IsString())
          add(type->value.GetString());
      }
    }
  }
  if (out.empty()) add("Bundle");
  return out;
}

}  // namespace

FhirAccess fhir_access(const http::Request& request) {
  FhirAccess out;
  std::vector<std::string_view> parts = http::path_segments(request.path);
  if (!parts.empty() && parts.front() == "fhir") parts.erase(parts.begin());
  const std::string& method = request.method;
  if (parts.empty()) {
    if (method == "POST") {
      out.required = bundle_access(request.body);
    } else {
      out.required.push_back({"*", Permission::kSearch});  // system-level search or history
    }
    return out;
  }
  if (parts.size() == 1 && parts[0] == "metadata") {
    out.is_public = true;
    return out;
  }
  const std::string type(parts[0]);
  Permission permission = Permission::kRead;  // read, vread, history
  if (method == "PUT" || method == "PATCH") {
    permission = Permission::kUpdate;
  } else if (method == "DELETE") {
    permission = Permission::kDelete;
  } else if (parts.size() >= 2 && parts[1] == "_search") {
    permission = Permission::kSearch;
  } else if (method == "POST") {
    permission = Permission::kCreate;
  } else if (parts.size() == 1) {
    permission = Permission::kSearch;
  }
  out.required.push_back({type, permission});
  return out;
}

}  // namespace titrate::auth
