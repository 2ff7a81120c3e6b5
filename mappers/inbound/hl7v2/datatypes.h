#pragma once

#include <string>
#include <string_view>

#include "gateway/model/patient_context.h"
#include "gateway/model/values.h"
#include "mappers/inbound/hl7v2/composite.h"
#include "mappers/inbound/hl7v2/mapping_context.h"

// HL7 v2 composite data types -> model values (HL7 v2-to-FHIR datatype maps, §4.2). Each takes
// the element as a Composite, so the same reader serves a field ("PID-3") and a component a
// profile points at ("ZRX-1.2": its parts are then subcomponents).
namespace titrate::inbound {

// One code triplet of a CWE/CE, raw (still escaped).
struct CweTriplet {
  std::string_view code, text, system;
};
// Triplet 1 (components 1-3) or 2 (the alternate, components 4-6).
CweTriplet cwe_triplet(Composite cwe, int which);

// CWE/CE -> CodeableConcept: a coding per triplet with a code (system through
// coding_system_uri), text = CWE.9 original text, else the first triplet's text.
model::CodeableConcept to_codeable_concept(const MapContext&, Composite cwe);
model::Coding to_coding(const MapContext&, const CweTriplet&);

// HD -> identifier system: the profile's identifier_systems[HD.1], else
// "urn:titrate:authority:<HD.1>"; without HD.1, HD.2 as "urn:oid:" (HD.3 ISO) or "urn:uuid:"
// (HD.3 UUID); empty when there is no authority at all.
std::string authority_system(const MapContext&, Composite hd);

// CX -> Identifier: .1 value, .4 assigning authority (assigner = HD.1, system as above),
// .5 identifier type; `default_type` when .5 is empty.
model::Identifier cx_identifier(const MapContext&, Composite cx,
                                std::string_view default_type = {});
// EI (placer/filler numbers) -> Identifier: .1 entity id, .2 namespace as the authority.
model::Identifier ei_identifier(const MapContext&, Composite ei, std::string_view type);

// XPN -> HumanName: .1.1 family, .2 and .3 given, .4 suffix, .5 prefix, .7 name type -> use
// (L official, D usual, M maiden, N nickname, S anonymous; others left empty).
model::HumanName xpn_name(const MapContext&, Composite xpn);
// XCN -> Practitioner: .1 id (.9 authority, .13 type), .2.1 family, .3/.4 given, .5 suffix,
// .6 prefix.
model::Practitioner xcn_practitioner(const MapContext&, Composite xcn);
// PL -> Location: point of care, room, bed, facility (HD.1).
model::Location pl_location(const MapContext&, Composite pl);

}  // namespace titrate::inbound
