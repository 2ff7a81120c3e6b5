#include "connectors/fhir/fhir_read_routes.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <stdexcept>

#include "connectors/fhir/fhir_response.h"
#include "connectors/fhir/fhir_search_query.h"
#include "gateway/clock/utc_time.h"
#include "mappers/inbound/fhir/map_fhir.h"

namespace titrate::fhir {
namespace {

constexpr std::string_view kPrefix = "/fhir/";

// The stored JSON with meta.versionId and meta.lastUpdated set from the store.
std::string with_meta(const store::StoredResource& resource) {
  rapidjson::Document doc;
  doc.Parse(resource.json.data(), resource.json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw std::runtime_error("stored " + resource.type + "/" + resource.id +
                             " is not a JSON object");
  }
  auto& alloc = doc.GetAllocator();
  auto meta = doc.FindMember("meta");
  if (meta == doc.MemberEnd() || !meta->value.IsObject()) {
    if (meta != doc.MemberEnd()) doc.RemoveMember(meta);
    doc.AddMember("meta", rapidjson::Value(rapidjson::kObjectType), alloc);
    meta = doc.FindMember("meta");
  }
  rapidjson::Value& m = meta->value;
  const std::string version = std::to_string(resource.version);
  const std::string updated = clock::iso8601_utc(resource.last_updated_us);
  m.RemoveMember("versionId");
  m.RemoveMember("lastUpdated");
  m.AddMember("versionId", rapidjson::Value(version.c_str(), alloc), alloc);
  m.AddMember("lastUpdated", rapidjson::Value(updated.c_str(), alloc), alloc);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  doc.Accept(w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string etag(int64_t version) {
  return "W/\"" + std::to_string(version) + "\"";
}

bool etag_matches(const std::string& if_none_match, int64_t version) {
  const std::string weak = etag(version);
  const std::string strong = weak.substr(2);
  size_t begin = 0;
  while (begin < if_none_match.size()) {
    size_t end = if_none_match.find(',', begin);
    if (end == std::string::npos) end = if_none_match.size();
    std::string_view tag = std::string_view(if_none_match).substr(begin, end - begin);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*" || tag == weak || tag == strong) return true;
    begin = end + 1;
  }
  return false;
}

http::Response resource_response(const store::StoredResource& resource,
                                 const http::Request& request) {
  if (resource.deleted) {
    return outcome_response(410, "deleted", resource.type + "/" + resource.id + " was deleted");
  }
  http::Response r;
  r.content_type = kFhirJson;
  r.headers.emplace_back("ETag", etag(resource.version));
  r.headers.emplace_back("Last-Modified",
                         Poco::DateTimeFormatter::format(Poco::Timestamp(resource.last_updated_us),
                                                         Poco::DateTimeFormat::HTTP_FORMAT));
  const std::string if_none_match = request.header("If-None-Match");
  if (!if_none_match.empty() && etag_matches(if_none_match, resource.version)) {
    r.status = 304;
    return r;
  }
  r.body = with_meta(resource);
  return r;
}

std::string not_found_message(std::string_view type, std::string_view id) {
  return std::string(type) + "/" + std::string(id) + " is not known";
}

http::Response read(const store::ResourceStore& store, const http::Request& request,
                    std::string_view type, std::string_view id) {
  const auto resource = store.read(type, id);
  if (!resource) return outcome_response(404, "not-found", not_found_message(type, id));
  return resource_response(*resource, request);
}

http::Response vread(const store::ResourceStore& store, const http::Request& request,
                     std::string_view type, std::string_view id, std::string_view vid) {
  int64_t version = 0;
  const auto [end, ec] = std::from_chars(vid.data(), vid.data() + vid.size(), version);
  std::optional<store::StoredResource> resource;
  if (ec == std::errc() && end == vid.data() + vid.size())
    resource = store.vread(type, id, version);
  if (!resource) {
    return outcome_response(404, "not-found",
                            not_found_message(type, id) + " at version " + std::string(vid));
  }
  return resource_response(*resource, request);
}

std::string encode(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, "&=+#?/:;", out);
  return out;
}

std::string page_url(const std::string& base_url, std::string_view type, const SearchQuery& query,
                     size_t offset) {
  std::string url = base_url + "/" + std::string(type) + "?";
  for (const auto& [name, value] : query.criteria) url += encode(name) + "=" + encode(value) + "&";
  url += "_count=" + std::to_string(query.options.count) + "&" + std::string(kPagesOffsetParam) +
         "=" + std::to_string(offset);
  return url;
}

void write_string(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void write_link(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* relation,
                const std::string& url) {
  w.StartObject();
  w.Key("relation");
  w.String(relation);
  w.Key("url");
  write_string(w, url);
  w.EndObject();
}

http::Response search(const store::ResourceStore& store, const std::string& base_url,
                      const http::Request& request, std::string_view type) {
  const SearchQueryResult parsed = parse_search_query(type, request.query);
  if (!parsed.query) return outcome_response(400, "invalid", parsed.error);
  const SearchQuery& query = *parsed.query;
  const store::SearchResult result = store.search(type, query.params, query.options);

  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("resourceType");
  w.String("Bundle");
  w.Key("type");
  w.String("searchset");
  w.Key("total");
  w.Uint64(result.total);
  w.Key("link");
  w.StartArray();
  write_link(w, "self", page_url(base_url, type, query, query.options.offset));
  const size_t next = query.options.offset + query.options.count;
  if (query.options.count > 0 && next < result.total) {
    write_link(w, "next", page_url(base_url, type, query, next));
  }
  w.EndArray();
  w.Key("entry");
  w.StartArray();
  for (const store::StoredResource& resource : result.resources) {
    w.StartObject();
    w.Key("fullUrl");
    write_string(w, base_url + "/" + resource.type + "/" + resource.id);
    w.Key("resource");
    const std::string json = with_meta(resource);
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    w.Key("search");
    w.StartObject();
    w.Key("mode");
    w.String("match");
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();

  http::Response r;
  r.content_type = kFhirJson;
  r.body.assign(buffer.GetString(), buffer.GetSize());
  return r;
}

std::vector<std::string_view> path_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find('/', begin);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(begin, end - begin));
    begin = end + 1;
  }
  return segments;
}

http::Response dispatch(const FhirStores& stores, const std::string& base_url,
                        const http::Request& request) {
  if (auto refused = refuse_unacceptable(request)) return std::move(*refused);
  const auto segments = path_segments(std::string_view(request.path).substr(kPrefix.size()));
  for (std::string_view segment : segments) {
    if (segment.empty()) return outcome_response(404, "not-found", "no such FHIR endpoint");
  }
  const std::string_view type = segments[0];
  const store::ResourceStore* store = type == "AuditEvent" ? stores.audit : stores.resources;
  if (!fhir_type_searchable(type) || !store) {
    return outcome_response(404, "not-supported",
                            "resource type '" + std::string(type) + "' is not served");
  }
  switch (segments.size()) {
    case 1:
      return search(*store, base_url, request, type);
    case 2:
      return read(*store, request, type, segments[1]);
    case 4:
      if (segments[2] == "_history") return vread(*store, request, type, segments[1], segments[3]);
      break;
    default:
      break;
  }
  return outcome_response(404, "not-found", "no such FHIR endpoint");
}

}  // namespace

std::vector<http::Route> fhir_read_routes(store::ResourceStore& store, std::string base_url) {
  return fhir_read_routes(FhirStores{&store, nullptr}, std::move(base_url));
}

std::vector<http::Route> fhir_read_routes(FhirStores stores, std::string base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  std::vector<http::Route> routes;
  routes.push_back({"GET", std::string(kPrefix), [stores, base_url](const http::Request& request) {
                      return dispatch(stores, fhir_base_url(base_url, request), request);
                    }});
  return routes;
}

}  // namespace titrate::fhir
