#include "connectors/fhir/fhir_response.h"

#include <Poco/URI.h>

#include <string_view>

#include "mappers/inbound/fhir/map_fhir.h"

namespace titrate::fhir {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool json_media_type(std::string_view type) {
  for (std::string_view ok : {"*/*", "application/*", "application/json", "application/fhir+json",
                              "json", "application/fhir json"}) {
    if (iequals(type, ok)) return true;
  }
  return false;
}

bool accept_allows_json(std::string_view accept) {
  if (trim(accept).empty()) return true;
  size_t begin = 0;
  while (begin <= accept.size()) {
    size_t end = accept.find(',', begin);
    if (end == std::string_view::npos) end = accept.size();
    std::string_view range = accept.substr(begin, end - begin);
    range = trim(range.substr(0, range.find(';')));
    if (json_media_type(range)) return true;
    begin = end + 1;
  }
  return false;
}

// The decoded value of `name` in the query string, nullopt when absent.
std::optional<std::string> query_value(std::string_view query, std::string_view name) {
  size_t begin = 0;
  while (begin <= query.size()) {
    size_t end = query.find('&', begin);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(begin, end - begin);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      std::string value;
      if (eq != std::string_view::npos) Poco::URI::decode(std::string(pair.substr(eq + 1)), value);
      return value;
    }
    begin = end + 1;
  }
  return std::nullopt;
}

}  // namespace

http::Response outcome_response(int status, const char* code, const std::string& message) {
  http::Response r;
  r.status = status;
  r.content_type = kFhirJson;
  model::MappingIssue issue;
  issue.code = code;
  issue.message = message;
  r.body = inbound::fhir::operation_outcome({issue});
  return r;
}

std::optional<http::Response> refuse_unacceptable(const http::Request& request) {
  if (const auto format = query_value(request.query, "_format")) {
    if (!json_media_type(trim(*format)) || trim(*format) == "*/*") {
      return outcome_response(406, "not-supported",
                              "_format '" + *format + "' is not served: only JSON is");
    }
    return std::nullopt;  // _format overrides Accept
  }
  if (!accept_allows_json(request.header("Accept"))) {
    return outcome_response(
        406, "not-supported",
        "Accept '" + request.header("Accept") + "' is not served: only application/fhir+json is");
  }
  return std::nullopt;
}

std::string fhir_base_url(const std::string& configured, const http::Request& request) {
  if (!configured.empty()) return configured;
  const std::string host = request.header("Host");
  return (request.secure ? "https://" : "http://") + (host.empty() ? "localhost" : host) + "/fhir";
}

}  // namespace titrate::fhir
