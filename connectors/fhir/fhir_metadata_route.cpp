#include "connectors/fhir/fhir_metadata_route.h"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "connectors/fhir/fhir_response.h"
#include "gateway/clock/utc_time.h"
#include "gateway/config/config_error.h"
#include "gateway/config/read_file.h"

#ifndef TITRATE_VERSION
#define TITRATE_VERSION "0.0.0-unversioned"
#endif

namespace titrate::fhir {
namespace {

using rapidjson::Value;

void set_member(Value& object, const char* name, const std::string& text,
                rapidjson::Document::AllocatorType& alloc) {
  Value value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
  const auto it = object.FindMember(name);
  if (it != object.MemberEnd()) {
    it->value = value;
  } else {
    object.AddMember(Value(name, alloc), value, alloc);
  }
}

Value& object_member(Value& parent, const char* name, rapidjson::Document::AllocatorType& alloc) {
  auto it = parent.FindMember(name);
  if (it == parent.MemberEnd()) {
    parent.AddMember(Value(name, alloc), Value(rapidjson::kObjectType), alloc);
    it = parent.FindMember(name);
  } else if (!it->value.IsObject()) {
    it->value.SetObject();
  }
  return it->value;
}

std::string string_at(const Value& object, const char* name) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return {};
  return it->value.GetString();
}

}  // namespace

CapabilityStatement CapabilityStatement::load(const std::string& file) {
  const std::optional<std::string> text = config::read_file(file);
  if (!text) throw config::ConfigError(file, "", "a readable CapabilityStatement file");
  auto doc = std::make_shared<rapidjson::Document>();
  doc->Parse(text->data(), text->size());
  if (doc->HasParseError()) {
    throw config::ConfigError(file, "",
                              std::string("valid JSON (") +
                                  rapidjson::GetParseError_En(doc->GetParseError()) + " at byte " +
                                  std::to_string(doc->GetErrorOffset()) + ")");
  }
  if (!doc->IsObject()) throw config::ConfigError(file, "", "a JSON object");
  if (string_at(*doc, "resourceType") != "CapabilityStatement") {
    throw config::ConfigError(file, "/resourceType", "\"CapabilityStatement\"");
  }
  if (string_at(*doc, "fhirVersion").rfind("4.0.", 0) != 0) {
    throw config::ConfigError(file, "/fhirVersion", "an R4 version (4.0.1)");
  }
  const auto rest = doc->FindMember("rest");
  if (rest == doc->MemberEnd() || !rest->value.IsArray() || rest->value.Empty()) {
    throw config::ConfigError(file, "/rest", "a non-empty array");
  }
  CapabilityStatement statement;
  statement.document_ = std::move(doc);
  return statement;
}

std::string CapabilityStatement::render(const std::string& base_url, const std::string& version,
                                        const std::string& date) const {
  rapidjson::Document doc;
  doc.CopyFrom(*document_, doc.GetAllocator());
  auto& alloc = doc.GetAllocator();
  set_member(doc, "date", date, alloc);
  Value& software = object_member(doc, "software", alloc);
  if (string_at(software, "name").empty()) set_member(software, "name", "Titrate", alloc);
  set_member(software, "version", version, alloc);
  Value& implementation = object_member(doc, "implementation", alloc);
  if (string_at(implementation, "description").empty()) {
    set_member(implementation, "description", "Titrate FHIR R4 API", alloc);
  }
  set_member(implementation, "url", base_url, alloc);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  doc.Accept(w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

const char* titrate_version() {
  return TITRATE_VERSION;
}

http::Route fhir_metadata_route(CapabilityStatement statement, std::string base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  const std::string started = clock::iso8601_utc(clock::now_us());
  return {"GET", "/fhir/metadata",
          [statement = std::move(statement), base_url, started](const http::Request& request) {
            if (auto refused = refuse_unacceptable(request)) return std::move(*refused);
            http::Response r;
            r.content_type = kFhirJson;
            r.body = statement.render(fhir_base_url(base_url, request), titrate_version(), started);
            return r;
          }};
}

}  // namespace titrate::fhir
