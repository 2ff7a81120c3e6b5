#include "mappers/inbound/fhir/code_sets.h"
#include "mappers/inbound/fhir/structure_def.h"

// R4 Bundle (a Resource, not a DomainResource: no text, contained or extensions at the top).
namespace titrate::inbound::fhir {
namespace {

constexpr ElementDef kBundle[] = {
    {"identifier", "Identifier"},
    {"type", "code", Card::kRequired, &codes::kBundleType},
    {"timestamp", "instant"},
    {"total", "unsignedInt"},
    {"link", "Bundle.link", Card::kMany},
    {"entry", "Bundle.entry", Card::kMany},
    {"signature", "Signature"},
};

constexpr ElementDef kLink[] = {
    {"relation", "string", Card::kRequired},
    {"url", "uri", Card::kRequired},
};

constexpr ElementDef kEntry[] = {
    {"link", "Bundle.link", Card::kMany},
    {"fullUrl", "uri"},
    {"resource", "Resource"},
    {"search", "Bundle.entry.search"},
    {"request", "Bundle.entry.request"},
    {"response", "Bundle.entry.response"},
};

constexpr ElementDef kSearch[] = {
    {"mode", "code", Card::kOptional, &codes::kSearchMode},
    {"score", "decimal"},
};

constexpr ElementDef kRequest[] = {
    {"method", "code", Card::kRequired, &codes::kHttpVerb},
    {"url", "uri", Card::kRequired},
    {"ifNoneMatch", "string"},
    {"ifModifiedSince", "instant"},
    {"ifMatch", "string"},
    {"ifNoneExist", "string"},
};

constexpr ElementDef kResponse[] = {
    {"status", "string", Card::kRequired}, {"location", "uri"},     {"etag", "string"},
    {"lastModified", "instant"},           {"outcome", "Resource"},
};

constexpr TypeDef kDefs[] = {
    {"Bundle", "Resource", kBundle},
    {"Bundle.link", "BackboneElement", kLink},
    {"Bundle.entry", "BackboneElement", kEntry},
    {"Bundle.entry.search", "BackboneElement", kSearch},
    {"Bundle.entry.request", "BackboneElement", kRequest},
    {"Bundle.entry.response", "BackboneElement", kResponse},
};

}  // namespace

std::span<const TypeDef> bundle_defs() {
  return kDefs;
}

}  // namespace titrate::inbound::fhir
