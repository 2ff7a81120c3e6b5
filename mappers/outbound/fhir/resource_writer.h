#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "gateway/model/values.h"

// Writes one FHIR R4 resource as JSON with the datatypes the outbound mappers share. FHIR
// forbids empty strings, arrays and objects, so every helper leaves out what is empty; callers
// only check before writing a key whose value could be empty as a whole.
namespace titrate::outbound::fhir {

class ResourceWriter {
 public:
  // Starts the object with resourceType, id and (when given) meta.profile.
  ResourceWriter(std::string_view resource_type, std::string_view id,
                 std::initializer_list<std::string_view> profiles = {});

  ResourceWriter(const ResourceWriter&) = delete;  // the writer points into buffer_
  ResourceWriter& operator=(const ResourceWriter&) = delete;

  void key(std::string_view name);
  void string(std::string_view value);  // invalid UTF-8 bytes become U+FFFD
  void decimal(const model::Decimal& value);
  void integer(int value) { w_.Int(value); }
  void boolean(bool value) { w_.Bool(value); }
  void start_object() { w_.StartObject(); }
  void end_object() { w_.EndObject(); }
  void start_array() { w_.StartArray(); }
  void end_array() { w_.EndArray(); }

  // `"name": "value"` unless value is empty.
  void member(std::string_view name, std::string_view value);

  void coding(const model::Coding& coding);
  // {"coding": [..], "text"}; codings of the systems in `first` come first, in that order.
  // Write only a non-empty concept (see has_content).
  void codeable_concept(const model::CodeableConcept& cc,
                        std::initializer_list<std::string_view> first = {});
  // A concept of one coding (and a text when given).
  void codeable_concept(std::string_view system, std::string_view code, std::string_view display,
                        std::string_view text = {});
  // system (a bare OID becomes urn:oid:), value, type (v2 table 0203), assigner.display.
  void identifier(const model::Identifier& identifier);
  void identifier(std::string_view system, std::string_view value);
  // A logical reference: {"type": <type>, "identifier": {...}}.
  void reference_by_identifier(std::string_view type, const model::Identifier& identifier);
  // A literal reference to a resource Titrate writes itself: {"reference": "<type>/<id>"}.
  void literal_reference(std::string_view type, std::string_view id);
  // A UCUM quantity: value, unit, system, code.
  void quantity(const model::Quantity& quantity);

  // The finished resource (closes the top-level object).
  std::string finish();

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

bool has_content(const model::Coding& coding);
bool has_content(const model::CodeableConcept& cc);

// A bare OID ("2.16.840.1.113883.19.5") as urn:oid:, anything else unchanged.
std::string uri_of_system(std::string_view system);

// `q` in `unit` when it converts exactly (units::convert), else `q` as it is.
model::Quantity in_unit(const model::Quantity& q, std::string_view unit);

}  // namespace titrate::outbound::fhir
