#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "mappers/inbound/fhir/map_fhir.h"

namespace titrate::inbound::fhir {
namespace {

const char* severity_code(const model::MappingIssue& issue) {
  switch (issue.severity) {
    case model::MappingIssue::Severity::kError:
      return issue.location.empty() ? "fatal" : "error";
    case model::MappingIssue::Severity::kWarning:
      return "warning";
    case model::MappingIssue::Severity::kInformation:
      return "information";
  }
  return "error";
}

void write_string(rapidjson::Writer<rapidjson::StringBuffer>& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace

std::string operation_outcome(const std::vector<model::MappingIssue>& issues) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("resourceType");
  w.String("OperationOutcome");
  w.Key("issue");
  w.StartArray();
  for (const model::MappingIssue& issue : issues) {
    w.StartObject();
    w.Key("severity");
    w.String(severity_code(issue));
    w.Key("code");
    write_string(w, issue.code.empty() ? "processing" : issue.code);
    w.Key("diagnostics");
    write_string(w, issue.message);
    if (!issue.location.empty()) {
      w.Key("expression");
      w.StartArray();
      write_string(w, issue.location);
      w.EndArray();
    }
    w.EndObject();
  }
  if (issues.empty()) {
    w.StartObject();
    w.Key("severity");
    w.String("information");
    w.Key("code");
    w.String("informational");
    w.Key("diagnostics");
    w.String("no issues");
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace titrate::inbound::fhir
