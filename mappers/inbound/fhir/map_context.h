#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gateway/model/patient_context.h"
#include "mappers/inbound/fhir/issues.h"
#include "mappers/inbound/fhir/references.h"
#include "mappers/profile/mapping_profile.h"

// What every resource mapper works with.
namespace titrate::inbound::fhir {

// Identifier system for patients, practitioners and visits known only by a FHIR reference
// ("Patient/123"): the reference text is the value.
inline constexpr std::string_view kReferenceSystem = "urn:titrate:fhir-reference";

// The one patient a message is about. The first resource naming a patient fixes the identity;
// every later one must name the same patient.
class MessagePatient {
 public:
  const std::optional<model::Identifier>& id() const { return id_; }
  bool same_as(const model::Identifier& id) const {
    return id_ && id_->system == id.system && id_->value == id.value;
  }
  // Adopts `id`, or checks it is the patient already adopted: an error at `location` if not.
  bool claim(const model::Identifier& id, const std::string& location, Issues& issues);
  // The patient context, created on first use with the adopted identity.
  model::PatientContext& context();
  std::optional<model::PatientContext>& result() { return context_; }

 private:
  std::optional<model::Identifier> id_;
  std::optional<model::PatientContext> context_;
};

struct MapContext {
  const profile::MappingProfile& profile;
  const ResourceIndex& index;
  Issues& issues;
  std::vector<std::string>& unmapped;
  MessagePatient& patient;
  std::set<const Located*> referenced = {};  // resources some Reference resolved to
};

}  // namespace titrate::inbound::fhir
