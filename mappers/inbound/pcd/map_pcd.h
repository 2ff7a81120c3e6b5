#pragma once

#include "gateway/model/mapped_message.h"
#include "mappers/hl7v2/message.h"

// IHE PCD device messages -> model::PumpEvent. Pure: no I/O, no clock.
namespace titrate::pcd {

// PCD-10 ORU^R42 (one event), PCD-01 ORU^R01 (one kPumpStatus per pump MDS, one kVitals per
// monitor MDS), PCD-04 ORU^R40 (one kAlarm), RRG^O16 / ACK^O15 / ACK^O16 (one
// kProgramAccepted or kProgramRejected) into `pump_events`. Never throws for bad input:
// problems are issues located like "OBX[7]-5" with HL7 table 0357 codes and no values.
// Readings: every valued metric OBX (numbers as UCUM quantities, CWE/ST as text), with its
// OBX-4 address and OBX-14 time inherited down the containment tree. Times are FHIR dateTime;
// DTMs without an offset are read as UTC. The patient is only on the events (patient_id,
// PID-3 first repetition); `patient` stays empty. Segments not read are listed in `unmapped`.
model::MappedMessage map_pcd(const hl7v2::Message& message);

}  // namespace titrate::pcd
