#pragma once

#include <string>

#include "mappers/inbound/fhir/issues.h"
#include "mappers/inbound/fhir/json_tree.h"

// Structural validation against the R4 definitions in the *_defs.cpp tables: unknown elements,
// JSON types, cardinality, choice elements, primitive formats and required code sets.
//
// Not checked: invariants (FHIRPath constraints such as dom-2 or ext-1), terminology beyond the
// required value sets listed in code_sets.h (extensible/preferred bindings, code systems of
// codings), profiles named in meta.profile and their slicing, reference targets' types, the
// XHTML content of Narrative.div, and the elements of the metadata datatypes that only occur in
// extension values (ContactDetail, Contributor, DataRequirement, Expression,
// ParameterDefinition, RelatedArtifact, TriggerDefinition, UsageContext).
namespace titrate::inbound::fhir {

// Validates one resource object found at `path` (the resource type at the top, or the FHIRPath
// of a Bundle entry or contained resource: "Bundle.entry[2].resource"). A resource whose type is
// not described gets a not-supported warning and no further checks.
void validate_resource(const JsonValue& resource, const std::string& path, Issues& issues);

}  // namespace titrate::inbound::fhir
