#pragma once

#include <string>
#include <string_view>

#include "gateway/model/values.h"
#include "mappers/hl7v2/encoder.h"
#include "mappers/outbound/hl7v2/outbound_header.h"

// Segments and data types shared by the messages Titrate sends to HL7v2-only EHRs.
namespace titrate::outbound::hl7v2 {

// MSH-1..12 and MSH-18 (UNICODE UTF-8); original acknowledgement mode (MSH-15/16 empty).
// Throws std::invalid_argument without a control id or message time.
void write_msh(titrate::hl7v2::Encoder& e, const OutboundHeader& header, std::string_view code,
               std::string_view trigger, std::string_view structure);

// PID|||id^^^assigner&system&ISO|URI^type. Throws std::invalid_argument without an id.
void write_pid(titrate::hl7v2::Encoder& e, const model::Identifier& patient);

// PV1|1|U with PV1-19 the visit number (type VN); nothing when there is no visit.
void write_pv1(titrate::hl7v2::Encoder& e, const model::Identifier& visit);

// CX at the current position: id^^^HD^type.
void write_cx(titrate::hl7v2::Encoder& e, const model::Identifier& id, std::string_view type);

// EI at the current position: entity id^namespace id.
void write_ei(titrate::hl7v2::Encoder& e, const model::Identifier& id);

// HL7 coding-system name (table 0396) for a system URI ("http://loinc.org" -> "LN"); a name
// that is not a URI is kept; an unknown URI gives "" (the code goes out without a system).
std::string_view coding_system_name(std::string_view uri);

// CWE at the current position: the first coding with a code as the identifier triplet, a
// second coded coding as the alternate triplet; the concept's text when nothing is coded.
void write_concept(titrate::hl7v2::Encoder& e, const model::CodeableConcept& concept_);

// A UCUM unit as CWE: unit^unit^UCUM.
void write_ucum(titrate::hl7v2::Encoder& e, std::string_view unit);

// The model time as HL7 DTM; throws std::invalid_argument naming `what` when it is not a
// FHIR dateTime.
std::string dtm(const model::DateTime& time, std::string_view what);

}  // namespace titrate::outbound::hl7v2
