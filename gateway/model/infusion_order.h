#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gateway/model/values.h"

namespace titrate::model {

// What the order message asks for (HL7 table 0119 ORC-1, or the FHIR status change).
enum class OrderAction {
  kNew,          // NW / POST active
  kCancel,       // CA / cancelled
  kDiscontinue,  // DC / stopped
  kChange,       // XO / a new version of an active order
  kHold,         // HD / on-hold
  kRelease,      // RL / on-hold -> active
  kStatusUpdate  // SC, OK and filler confirmations
};

// Lifecycle of an order inside Titrate (FHIR MedicationRequest.status vocabulary).
enum class OrderStatus {
  kActive,
  kOnHold,
  kCancelled,
  kCompleted,
  kStopped,
  kEnteredInError,
  kUnknown
};

struct Timing {
  std::string repeat_pattern;        // TQ1-3 as received (e.g. "QD", "Q1W") or FHIR frequency text
  std::optional<int> count;          // total occurrences (series: 6 infusions)
  std::optional<int> frequency;      // occurrences per period
  std::optional<Quantity> period;    // e.g. 1 d, 1 wk
  std::optional<Quantity> duration;  // one occurrence (infusion) lasts, e.g. 40 min, 4 h
  DateTime start, end;               // bounds
  bool operator==(const Timing&) const = default;
};

// A clinician's acknowledgement of soft-limit breaches on a held order. Arrives as HL7
// ORC-1 RL (release) or XO with ORC-16 (control code reason) naming the override, or a FHIR
// MedicationRequest update carrying the Titrate dosing-limit-override extension.
struct LimitOverride {
  Practitioner by;
  std::string reason;  // free text or code of ORC-16 / the extension
  DateTime time;
  bool operator==(const LimitOverride&) const = default;
};

// InfusionOrder::origin of an order that arrived as a referral (FHIR ServiceRequest, or ORM^O01
// ORC + OBR without RXO): the outbound module also returns it as a ServiceRequest.
inline constexpr const char* kServiceRequestOrigin = "service-request";

struct InfusionOrder {
  OrderAction action = OrderAction::kNew;
  OrderStatus status = OrderStatus::kActive;
  Identifier placer;  // ORC-2 / identifier PLAC
  Identifier filler;  // ORC-3 / identifier FILL
  std::string placer_group;
  Identifier patient_id;         // same identity as PatientContext::patient_id
  Identifier visit_number;       // PV1-19 when sent
  CodeableConcept medication;    // RxNorm first after the profile's code map; local coding kept
  std::optional<Quantity> dose;  // mg or mg/kg per administration (RXE-3/5, doseQuantity)
  std::optional<Quantity> dose_rate;      // mg/h or mg/kg/h (RXE-23/24 when a mass rate)
  std::optional<Quantity> infusion_rate;  // mL/h (RXE-23/24 when a volume rate, rateQuantity)
  std::optional<Ratio> concentration;     // mg/mL: RXE-25/26 over RXE-33/34, ingredient strength
  std::optional<Quantity> volume;         // total volume to infuse (VTBI) when sent
  Timing timing;
  CodeableConcept route;  // SNOMED CT 47625008 for IV after the route map; table 0162 kept
  Practitioner ordering_provider;
  std::vector<CodeableConcept> indications;  // RXE-27, DG1 in the order, reasonCode
  DateTime authored;
  std::string instructions;  // free text (RXE-7, NTE, dosageInstruction.text)
  std::string care_area;     // chronic-pain, mental-health: from the profile or the indication
  std::string device;        // a pump named in the order (binds the plan to that pump)
  std::optional<LimitOverride> limit_override;  // soft limits acknowledged (RL/XO, FHIR update)
  std::string origin;  // kServiceRequestOrigin, or empty for a medication order (RDE, RXO, FHIR)
  bool operator==(const InfusionOrder&) const = default;
};

}  // namespace titrate::model
