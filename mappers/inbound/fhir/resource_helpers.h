#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/values.h"
#include "mappers/inbound/fhir/map_context.h"

// Steps shared by the resource mappers.
namespace titrate::inbound::fhir {

// The resource `element` (a Reference) of `from` points to. nullptr when the element is absent,
// has no reference text, or points outside the message; an internal reference ("#id",
// "urn:uuid:") that does not resolve is an error.
const Located* follow(const JsonValue* element, const std::string& path, const Located& from,
                      MapContext& ctx);

// The patient key of a Patient resource: its identifier of the profile's type (MR by default),
// else its first identifier with a value (not of use "old"), else a kReferenceSystem identifier
// naming it (reference_name; empty value when it has neither id nor fullUrl).
model::Identifier patient_identity(const Located& patient, const MapContext& ctx);

// The patient named by Reference element `element` (subject, patient): the bundled or
// contained Patient's identity, a logical reference's identifier, or a reference-system
// identifier for "Patient/123". Errors (missing, unresolvable, not a Patient) are reported;
// then nullopt. The identity is claimed for the message.
std::optional<model::Identifier> subject_identity(const Located& from, std::string_view element,
                                                  MapContext& ctx);

// Top-level elements of `located` that the mapper did not use, listed in ctx.unmapped
// ("Observation.note"). resourceType, id, meta, text and contained are never listed.
void list_unused(const Located& located, std::initializer_list<std::string_view> used,
                 MapContext& ctx);

// A modifier extension changes the meaning of its element in a way Titrate cannot know:
// each one is an error. True when there were none.
bool check_modifier_extensions(const Located& located, MapContext& ctx);

// Records a whole resource as not mapped, with a not-supported warning saying why.
void skip_resource(const Located& located, const std::string& why, MapContext& ctx);

}  // namespace titrate::inbound::fhir
