#include "gateway/outbound/fhir_index.h"

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "gateway/clock/date_time.h"

namespace titrate::outbound {
namespace {

using rapidjson::Value;
using store::IndexEntry;
using store::IndexKind;

const Value* member(const Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string text_of(const Value& object, const char* name) {
  const Value* v = member(object, name);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
}

class Index {
 public:
  explicit Index(std::vector<IndexEntry>& out) : out_(out) {}

  void token(std::string_view param, std::string system, std::string value) {
    if (value.empty()) return;
    out_.push_back(
        {std::string(param), IndexKind::kToken, std::move(system), std::move(value), 0, 0});
  }
  // A token per coding of a CodeableConcept.
  void codings(std::string_view param, const Value* cc) {
    const Value* list = cc ? member(*cc, "coding") : nullptr;
    if (!list || !list->IsArray()) return;
    for (const Value& coding : list->GetArray()) {
      token(param, text_of(coding, "system"), text_of(coding, "code"));
    }
  }
  void identifier(std::string_view param, const Value* identifier) {
    if (identifier) token(param, text_of(*identifier, "system"), text_of(*identifier, "value"));
  }
  // The identifier of a logical reference, when it refers to `type`.
  void reference(std::string_view param, const Value* reference, std::string_view type) {
    if (!reference || text_of(*reference, "type") != type) return;
    identifier(param, member(*reference, "identifier"));
  }
  void period(std::string_view param, const std::string& start, const std::string& end) {
    const std::optional<clock::Instant> low = clock::parse_date_time(model::DateTime{start});
    if (!low) return;
    int64_t high_us = low->us + 1;
    if (!end.empty()) {
      const std::optional<clock::Instant> high = clock::parse_date_time(model::DateTime{end});
      if (high && high->us > low->us) high_us = high->us;
    }
    out_.push_back({std::string(param), IndexKind::kDate, "", "", low->us, high_us});
  }
  void instant(std::string_view param, const std::string& text) { period(param, text, {}); }
  // A date covers its day; a year or year-month only its first instant.
  void day(std::string_view param, const std::string& text) {
    const std::optional<clock::Instant> low = clock::parse_date_time(model::DateTime{text});
    if (!low) return;
    const int64_t length = text.size() == 10 ? int64_t{86400} * 1000000 : 1;
    out_.push_back({std::string(param), IndexKind::kDate, "", "", low->us, low->us + length});
  }
  // Matched case-insensitively as a prefix (the store folds it).
  void string(std::string_view param, std::string text) {
    if (text.empty()) return;
    out_.push_back({std::string(param), IndexKind::kString, "", std::move(text), 0, 0});
  }

 private:
  std::vector<IndexEntry>& out_;
};

void patient_and_subject(Index& index, const Value* subject) {
  index.reference("patient", subject, "Patient");
  index.reference("subject", subject, "Patient");
}

void medication_administration(Index& index, const Value& r) {
  patient_and_subject(index, member(r, "subject"));
  index.token("status", "", text_of(r, "status"));
  index.reference("request", member(r, "request"), "MedicationRequest");
  if (const Value* period = member(r, "effectivePeriod")) {
    index.period("effective-time", text_of(*period, "start"), text_of(*period, "end"));
  } else {
    index.instant("effective-time", text_of(r, "effectiveDateTime"));
  }
  if (const Value* devices = member(r, "device"); devices && devices->IsArray()) {
    for (const Value& device : devices->GetArray()) index.reference("device", &device, "Device");
  }
}

void observation(Index& index, const Value& r) {
  patient_and_subject(index, member(r, "subject"));
  if (const Value* categories = member(r, "category"); categories && categories->IsArray()) {
    for (const Value& category : categories->GetArray()) index.codings("category", &category);
  }
  index.codings("code", member(r, "code"));
  index.instant("date", text_of(r, "effectiveDateTime"));
  index.reference("device", member(r, "device"), "Device");
}

void identifiers(Index& index, const Value& r) {
  if (const Value* list = member(r, "identifier"); list && list->IsArray()) {
    for (const Value& identifier : list->GetArray()) index.identifier("identifier", &identifier);
  }
}

void medication_request(Index& index, const Value& r) {
  identifiers(index, r);
  index.reference("patient", member(r, "subject"), "Patient");
  index.token("status", "", text_of(r, "status"));
}

void service_request(Index& index, const Value& r) {
  identifiers(index, r);
  index.reference("patient", member(r, "subject"), "Patient");
  index.token("status", "", text_of(r, "status"));
  index.instant("authored", text_of(r, "authoredOn"));
}

void patient(Index& index, const Value& r) {
  identifiers(index, r);
  index.token("gender", "", text_of(r, "gender"));
  index.day("birthdate", text_of(r, "birthDate"));
  const Value* names = member(r, "name");
  if (!names || !names->IsArray()) return;
  for (const Value& name : names->GetArray()) {
    const std::string family = text_of(name, "family");
    index.string("family", family);
    index.string("name", family);
    if (const Value* given = member(name, "given"); given && given->IsArray()) {
      for (const Value& part : given->GetArray()) {
        if (part.IsString()) index.string("name", part.GetString());
      }
    }
  }
}

void detected_issue(Index& index, const Value& r) {
  index.reference("patient", member(r, "patient"), "Patient");
  index.codings("code", member(r, "code"));
  index.instant("identified", text_of(r, "identifiedDateTime"));
}

void device(Index& index, const Value& r) {
  if (const Value* identifiers = member(r, "identifier"); identifiers && identifiers->IsArray()) {
    for (const Value& identifier : identifiers->GetArray())
      index.identifier("identifier", &identifier);
  }
  index.codings("type", member(r, "type"));
}

}  // namespace

std::vector<store::IndexEntry> index_entries(const fhir::FhirResource& resource) {
  rapidjson::Document doc;
  doc.Parse(resource.json.data(), resource.json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw fhir::OutboundFhirError(resource.type + "/" + resource.id + ": JSON does not parse");
  }
  std::vector<IndexEntry> out;
  Index index(out);
  if (resource.type == "MedicationAdministration") {
    medication_administration(index, doc);
  } else if (resource.type == "Observation") {
    observation(index, doc);
  } else if (resource.type == "MedicationRequest") {
    medication_request(index, doc);
  } else if (resource.type == "ServiceRequest") {
    service_request(index, doc);
  } else if (resource.type == "Patient") {
    patient(index, doc);
  } else if (resource.type == "DetectedIssue") {
    detected_issue(index, doc);
  } else if (resource.type == "Device") {
    device(index, doc);
  }
  return out;
}

}  // namespace titrate::outbound
