#pragma once

#include <vector>

#include "gateway/model/mapped_message.h"
#include "mappers/hl7v2/diagnostic.h"
#include "mappers/hl7v2/message.h"
#include "mappers/profile/mapping_profile.h"

namespace titrate::inbound {

// Maps an ADT (A01 admit, A04 register, A08 update, A03 discharge), ORM^O01 or RDE^O11 to the
// model with the sender's profile: a PatientContext, and for orders one InfusionOrder per ORC
// group (each carrying the patient key and visit number). Never throws for bad input: each
// problem is a MappingIssue located by HL7 location text ("RXE[1]-23.1") with an HL7 table
// 0357 code, and never quotes a value. Every segment the mapping did not use is listed in
// `unmapped`. Other message types: error 200 at MSH-9; other triggers: 201 at MSH-9.2.
model::MappedMessage map_hl7v2(const hl7v2::Message& message,
                               const profile::MappingProfile& profile);

// The issues as diagnostics for ERR segments: ERR-2 location parsed back from the issue text
// (issues.h), ERR-3 code, ERR-4 severity. Issues not located in HL7 terms get no location.
std::vector<hl7v2::Diagnostic> to_diagnostics(const model::MappedMessage&);

}  // namespace titrate::inbound
