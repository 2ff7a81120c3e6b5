#pragma once

#include <string_view>

#include "gateway/model/code_systems.h"

// The URIs the outbound FHIR resources use. Titrate's own code systems live under
// http://fhir.titrate.dev/CodeSystem/ and its identifier systems under
// http://fhir.titrate.dev/sid/.
namespace titrate::outbound::fhir::systems {

using model::systems::kLoinc;
using model::systems::kMdc;
using model::systems::kRxNorm;
using model::systems::kSnomed;
using model::systems::kUcum;
using model::systems::kV2IdentifierType;
inline constexpr std::string_view kObservationCategory =
    "http://terminology.hl7.org/CodeSystem/observation-category";
inline constexpr std::string_view kDataAbsentReason =
    "http://terminology.hl7.org/CodeSystem/data-absent-reason";
inline constexpr std::string_view kDataAbsentReasonExtension =
    "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

// IEEE EUI-64, as the PoCD IG's MdsDevice profile identifies a device (domain-reference §4.3).
inline constexpr std::string_view kEui64 = "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680";

// Titrate code systems: observation categories R4 has no code for ("device": pump readings),
// alert codes (rate-mismatch, ...), alert mitigation actions, order status reasons
// (weight-missing, ...) and why an administration was stopped (aborted).
inline constexpr std::string_view kTitrateObservationCategory =
    "http://fhir.titrate.dev/CodeSystem/observation-category";
inline constexpr std::string_view kTitrateAlert = "http://fhir.titrate.dev/CodeSystem/alert";
inline constexpr std::string_view kTitrateAlertAction =
    "http://fhir.titrate.dev/CodeSystem/alert-action";
inline constexpr std::string_view kTitrateOrderStatusReason =
    "http://fhir.titrate.dev/CodeSystem/order-status-reason";
inline constexpr std::string_view kTitrateAdministrationStatusReason =
    "http://fhir.titrate.dev/CodeSystem/administration-status-reason";

// Titrate identifier systems: infusion sessions, observations, alerts, and devices whose id is
// a pump id rather than an EUI-64.
inline constexpr std::string_view kTitrateSession = "http://fhir.titrate.dev/sid/infusion-session";
inline constexpr std::string_view kTitrateObservation = "http://fhir.titrate.dev/sid/observation";
inline constexpr std::string_view kTitrateAlertId = "http://fhir.titrate.dev/sid/alert";
inline constexpr std::string_view kTitrateDevice = "http://fhir.titrate.dev/sid/device";
// The device message (bus event id of a PCD-01 / PCD-10 report) an observation was read from:
// Observation.derivedFrom names it by identifier, as it is not a FHIR resource.
inline constexpr std::string_view kTitrateDeviceMessage =
    "http://fhir.titrate.dev/sid/device-message";

}  // namespace titrate::outbound::fhir::systems
