#pragma once

#include <string>

#include "gateway/model/administration.h"
#include "mappers/outbound/hl7v2/outbound_header.h"

// RAS^O17 (pharmacy/treatment administration) reporting an infusion session to an HL7v2-only
// EHR, one message per administration event (the session's latest state).
namespace titrate::outbound::hl7v2 {

// MSH, PID (PID-3), PV1 (PV1-19 visit) when known, ORC|RE with ORC-2 placer, ORC-3 the plan id
// (the session id without one) as Titrate's filler number and ORC-9 this event's time, then
//   RXA: RXA-1 0, RXA-2 1 (one administration per infusion, updated in place), RXA-3/4 session
//        start / this event's time, RXA-5 medication (RxNorm first), RXA-6/7 dose delivered
//        (mg; mL delivered when the dose is unknown), RXA-13/14 and RXA-23/24 the concentration
//        (drug amount / diluent volume), RXA-20 completion status (table 0322: CP completed;
//        PA paused, stopped or aborted after some delivery, NA before any; empty while
//        running), RXA-21 action (table 0323: A for the start event, U after);
//   RXR: IV^Intravenous^HL70162 with SNOMED 47625008 as the alternate, method IV (HL70165);
//   OBX rows (MDC codes, UCUM units, OBX-14 this event's time, OBX-18 the pump): volume
//        delivered 157993 (mL), rate 157784 (mL/h) and dose rate 157924 (mg/h) when known, and
//        each deviation as a TX row 48767-8 (LOINC annotation comment).
// RXA-12 (administered per time unit) is left empty: RXA-6 is the cumulative dose, not a rate;
// the rates are the OBX rows. Units are UCUM (code^code^UCUM). Every text is escaped.
// Throws std::invalid_argument without a session id, placer or patient id, MSH-10 or MSH-7,
// or with a time that is not a FHIR dateTime.
std::string build_ras_o17(const model::AdministrationEvent& event, const OutboundHeader& header);

}  // namespace titrate::outbound::hl7v2
