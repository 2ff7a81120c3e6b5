#include "mappers/inbound/fhir/bundle_entries.h"

namespace titrate::inbound::fhir {

std::vector<const Located*> collect_resources(const JsonValue& root, ResourceIndex& index,
                                              Issues& issues, std::vector<std::string>& unmapped) {
  std::vector<const Located*> out;
  const std::string_view type = root.string_at("resourceType");
  if (type != "Bundle") {
    out.push_back(&index.add(root, std::string(type), {}));
    return out;
  }
  const std::string_view bundle_type = root.string_at("type");
  if (bundle_type != "transaction" && bundle_type != "batch") {
    add_error(issues, "Bundle.type", "not-supported",
              "only transaction and batch Bundles are accepted, not " + std::string(bundle_type));
    return out;
  }
  const JsonValue* entries = root.find("entry");
  if (entries == nullptr) return out;
  for (size_t i = 0; i < entries->items.size(); ++i) {
    const JsonValue& entry = entries->items[i];
    const std::string path = "Bundle.entry[" + std::to_string(i) + "]";
    const JsonValue* resource = entry.find("resource");
    std::string_view method;
    if (const JsonValue* request = entry.find("request")) method = request->string_at("method");
    if (resource == nullptr || method == "GET" || method == "HEAD" || method == "DELETE" ||
        method == "PATCH") {
      add_warning(issues, path, "not-supported",
                  "only entries that create or update a resource (POST, PUT) are mapped");
      unmapped.push_back(path);
      continue;
    }
    out.push_back(
        &index.add(*resource, path + ".resource", std::string(entry.string_at("fullUrl"))));
  }
  return out;
}

}  // namespace titrate::inbound::fhir
