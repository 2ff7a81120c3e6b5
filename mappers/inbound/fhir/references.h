#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mappers/inbound/fhir/json_tree.h"

// Finding the resource a Reference points to inside the message: contained resources ("#id")
// and Bundle entries (by fullUrl, "urn:uuid:..." included, or by "Type/id").
namespace titrate::inbound::fhir {

// A resource of the message and where it is.
struct Located {
  const JsonValue* resource = nullptr;
  std::string path;      // FHIRPath: "MedicationRequest", "Bundle.entry[2].resource"
  std::string full_url;  // the Bundle entry's fullUrl, when it has one
  // For a contained resource, the resource that contains it; nullptr at the top level.
  const Located* container = nullptr;
  std::string_view type() const { return resource->string_at("resourceType"); }
  std::string_view id() const { return resource->string_at("id"); }
};

// References that can only point inside the message ("#id", "urn:uuid:", "urn:oid:"): they
// must resolve.
bool is_internal_reference(std::string_view reference);

// "Patient/123" for a resource with an id, else its fullUrl, else "#id" for a contained one:
// how a resource without business identifiers is named.
std::string reference_name(const Located& located);

class ResourceIndex {
 public:
  // Adds a top-level resource (the message itself or one Bundle entry's resource) and its
  // contained resources. The tree must outlive the index.
  const Located& add(const JsonValue& resource, std::string path, std::string full_url);

  // The resource `reference` (a Reference.reference) points to, seen from `from`; nullptr when
  // it is not in the message.
  const Located* resolve(std::string_view reference, const Located& from) const;

 private:
  std::deque<Located> all_;                                    // stable addresses
  std::map<std::string, const Located*, std::less<>> by_url_;  // fullUrl and "Type/id"
  std::map<std::pair<const Located*, std::string>, const Located*> contained_;
};

}  // namespace titrate::inbound::fhir
