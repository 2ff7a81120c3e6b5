#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gateway/model/values.h"

namespace titrate::model {

struct Location {
  std::string point_of_care, room, bed, facility;  // PV1-3 / Encounter.location
  bool operator==(const Location&) const = default;
};

struct Visit {
  Identifier visit_number;    // PV1-19, type VN: the key of infusion sessions
  std::string patient_class;  // FHIR v3 ActCode: AMB, IMP, EMER, PRENC
  Location location;
  Practitioner attending;
  DateTime admitted, discharged;
  bool operator==(const Visit&) const = default;
};

// Body weight or height. `value` is normalized (kg, cm); `reported` is what was sent.
struct BodyMeasurement {
  enum class Kind { kWeight, kHeight };
  Kind kind = Kind::kWeight;
  CodeableConcept code;  // LOINC 29463-7 / 3141-9 / 8302-2
  Quantity value;
  Quantity reported;
  DateTime effective;
  std::string status;  // FHIR observation-status: final, preliminary, amended, ...
  bool operator==(const BodyMeasurement&) const = default;
};

struct Allergy {
  CodeableConcept substance;
  std::string category;     // medication, food, environment, biologic
  std::string criticality;  // low, high, unable-to-assess
  std::string reaction;     // manifestation text
  DateTime onset;
  bool operator==(const Allergy&) const = default;
};

struct Condition {
  CodeableConcept code;         // ICD-10 / SNOMED, used by contraindication screening
  std::string category;         // encounter-diagnosis, problem-list-item
  std::string clinical_status;  // active, resolved, ...
  DateTime onset;
  bool operator==(const Condition&) const = default;
};

// Everything Titrate knows about one patient, as sent by the EHR: the key is `patient_id`.
struct PatientContext {
  enum class Event {
    kRegister,
    kAdmit,
    kUpdate,
    kDischarge,
    kOrderContext
  };  // A04, A01, A08, A03, from an order
  Event event = Event::kUpdate;
  Identifier patient_id;  // the chosen identifier (the profile's preferred type, MR by default)
  std::vector<Identifier> identifiers;  // all identifiers received
  HumanName name;
  DateTime birth_date;
  std::string gender;  // FHIR administrative-gender: male, female, other, unknown
  std::optional<Visit> visit;
  std::vector<BodyMeasurement> measurements;
  std::vector<Allergy> allergies;
  std::vector<Condition> conditions;
  bool operator==(const PatientContext&) const = default;
};

}  // namespace titrate::model
