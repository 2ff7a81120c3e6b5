#include "mappers/outbound/fhir/patient.h"

#include <rapidjson/document.h>

#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/resource_writer.h"

namespace titrate::outbound::fhir {
namespace {

bool has_content(const model::HumanName& name) {
  return !name.family.empty() || !name.given.empty() || !name.prefix.empty() ||
         !name.suffix.empty();
}

void write_name(ResourceWriter& w, const model::HumanName& name) {
  w.start_object();
  w.member("use", name.use);
  w.member("family", name.family);
  bool any_given = false;
  for (const std::string& given : name.given) any_given = any_given || !given.empty();
  if (any_given) {
    w.key("given");
    w.start_array();
    for (const std::string& given : name.given) {
      if (!given.empty()) w.string(given);
    }
    w.end_array();
  }
  if (!name.prefix.empty()) {
    w.key("prefix");
    w.start_array();
    w.string(name.prefix);
    w.end_array();
  }
  if (!name.suffix.empty()) {
    w.key("suffix");
    w.start_array();
    w.string(name.suffix);
    w.end_array();
  }
  w.end_object();
}

bool same_identity(const model::Identifier& a, const model::Identifier& b) {
  return a.system == b.system && a.value == b.value;
}

// FHIR birthDate is a date: the date part of what was sent.
std::string birth_date(const model::DateTime& value) {
  return value.value.substr(0, std::min<size_t>(value.value.size(), 10));
}

}  // namespace

std::string patient_id(const model::Identifier& patient) {
  if (patient.empty()) throw OutboundFhirError("patient without an identifier");
  return hashed_fhir_id("pat", patient.system + "|" + patient.value);
}

FhirResource map_patient(const model::PatientContext& context) {
  const std::string id = patient_id(context.patient_id);
  ResourceWriter w("Patient", id);
  w.key("identifier");
  w.start_array();
  w.identifier(context.patient_id);
  for (const model::Identifier& identifier : context.identifiers) {
    if (!identifier.empty() && !same_identity(identifier, context.patient_id)) {
      w.identifier(identifier);
    }
  }
  w.end_array();
  if (has_content(context.name)) {
    w.key("name");
    w.start_array();
    write_name(w, context.name);
    w.end_array();
  }
  w.member("gender", context.gender);
  w.member("birthDate", birth_date(context.birth_date));
  return {"Patient", id, w.finish()};
}

std::string merge_patient(const std::string& stored, const std::string& update) {
  rapidjson::Document old_doc, new_doc;
  old_doc.Parse(stored.data(), stored.size());
  new_doc.Parse(update.data(), update.size());
  if (old_doc.HasParseError() || !old_doc.IsObject() || new_doc.HasParseError() ||
      !new_doc.IsObject()) {
    return update;
  }
  auto& alloc = new_doc.GetAllocator();
  // Const iteration: comparing RapidJSON 1.1's mutable member iterators is ambiguous under
  // C++20's reversed operators (clang warns).
  const rapidjson::Value& old_object = old_doc;
  for (const auto& m : old_object.GetObject()) {
    if (new_doc.HasMember(m.name)) continue;
    new_doc.AddMember(rapidjson::Value(m.name, alloc), rapidjson::Value(m.value, alloc), alloc);
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  new_doc.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace titrate::outbound::fhir
