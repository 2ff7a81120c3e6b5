#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gateway/model/values.h"

// What pumps and bedside monitors report (IHE PCD-01 ORU^R01, PCD-10 ORU^R42, PCD-04
// ORU^R40, and the PCD-03 answers ACK^O15 / RRG^O16), normalized.
namespace titrate::model {

enum class PumpEventKind {
  kDeliveryStart,     // PCD-10 MDC_EVT_PUMP_DELIV_START
  kDeliveryStop,      // PCD-10 MDC_EVT_PUMP_DELIV_STOP (paused, stopped, or transitioning)
  kDeliveryComplete,  // PCD-10 MDC_EVT_PUMP_DELIV_COMP
  kPumpStatus,        // PCD-01 periodic pump observation (rate, volume, state)
  kVitals,            // PCD-01 from a monitor: vital signs in `readings`
  kAlarm,             // PCD-04 ORU^R40
  kProgramAccepted,   // ACK^O15 CA, RRG^O16 AA
  kProgramRejected,   // ACK^O15 CE/CR, RRG^O16 AE/AR (ERR-5 in reject_code)
  kOther              // another PCD-10 event (comm status, program cleared, ...)
};

// One numeric or coded observation of a device row (OBX): MDC code (and LOINC where known),
// value in UCUM, the OBX-4 containment address.
struct DeviceReading {
  CodeableConcept code;
  std::optional<Quantity> value;
  std::string text;     // ST/CWE values ("pump-status-infusing")
  std::string address;  // OBX-4, e.g. "1.1.2.4"
  DateTime time;        // OBX-14 (inherited down the containment tree)
  bool operator==(const DeviceReading&) const = default;
};

struct PumpEvent {
  PumpEventKind kind = PumpEventKind::kOther;
  Coding event_code;        // MDC event (MDC_ATTR_EVT_COND value) or alarm code as received
  std::string device;       // EUI-64 of the MDS (OBX-18), or the pump id of the program
  std::string device_kind;  // MDC device code of the MDS: 70049 LVP, 69965 monitor, ...
  std::string channel;      // source channel address (MDC_ATTR_EVT_SOURCE), "1.1.2.0"
  Identifier patient_id;
  std::string location;          // PV1-3 as a binding key ("3W^302^1")
  std::string program_id;        // OBR-2 placer (the PCD-03 ORC-2 we sent), or MSA-2 of an answer
  DateTime time;                 // observation / event time (OBR-7, OBX-14), else MSH-7
  std::optional<Quantity> rate;  // mL/h
  std::optional<Quantity> dose_rate;       // as reported (mg/h, mg/kg/h, ug/kg/min)
  std::optional<Quantity> volume_infused;  // mL, cumulative (MDC_VOL_FLUID_DELIV_TOTAL)
  std::optional<Quantity> vtbi;            // mL
  std::optional<Quantity> vtbi_remaining;  // mL
  std::string infusing_status;  // pump-status-infusing | pump-status-not-infusing | paused ...
  std::string
      delivery_status;  // pump-delivery-status-delivering | not-delivering | transitioning | kvo
  std::string not_delivering_reason;     // pump-stopped-by-clinician | alarming | ...
  std::string reject_code, reject_text;  // ERR-5 of a refused program (9010, ...)
  std::string alarm_priority;            // PCD-04: PH, PM, PL
  std::vector<DeviceReading> readings;   // vitals and any other numerics of the message
  std::string message_type;              // "ORU^R42", "ORU^R01", "RRG^O16", ...
  std::string control_id;                // MSH-10 of the device message
  bool operator==(const PumpEvent&) const = default;
};

}  // namespace titrate::model
