#include "mappers/inbound/hl7v2/field_sources.h"

#include "mappers/profile/location_spec.h"

namespace titrate::inbound {

std::optional<Located> override_location(const MapContext& ctx, std::string_view field_name,
                                         SegmentRange scope) {
  const std::string* location = nullptr;
  for (const auto& [name, spec_text] : ctx.profile().field_locations) {
    if (name == field_name) location = &spec_text;
  }
  if (!location) return std::nullopt;
  const std::optional<profile::LocationSpec> spec = profile::parse_location_spec(*location);
  if (!spec || spec->field == 0) return std::nullopt;

  std::optional<size_t> segment = ctx.find(spec->segment, scope, spec->occurrence);
  if (!segment) segment = ctx.find(spec->segment, ctx.whole_message(), spec->occurrence);
  if (!segment) {
    Located absent;
    absent.where = MapContext::missing(spec->segment, spec->field);
    return absent;
  }
  Located out = ctx.repetition(*segment, spec->field, spec->repetition ? spec->repetition : 1);
  out.where.repetition = spec->repetition;
  if (spec->component != 0) {
    out.value = out.value.sub(spec->component);
    out.where.component = spec->component;
    if (spec->subcomponent != 0) {
      out.value = {out.value.part(spec->subcomponent), '\0', '\0'};
      out.where.subcomponent = spec->subcomponent;
    }
  }
  return out;
}

Located first_present(MapContext& ctx, std::initializer_list<Located> candidates) {
  for (const Located& candidate : candidates) {
    if (candidate.present()) {
      if (candidate.segment) ctx.use(*candidate.segment);
      return candidate;
    }
  }
  // Nothing sent: the first location that names a segment locates "missing" issues.
  for (const Located& candidate : candidates) {
    if (candidate.segment) return candidate;
  }
  for (const Located& candidate : candidates) {
    if (!candidate.where.segment_id.empty()) return candidate;
  }
  return Located{};
}

Located pick(MapContext& ctx, std::string_view field_name, SegmentRange scope,
             std::initializer_list<Located> standard) {
  if (std::optional<Located> relocated = override_location(ctx, field_name, scope);
      relocated && relocated->present()) {
    if (relocated->segment) ctx.use(*relocated->segment);
    return *relocated;
  }
  return first_present(ctx, standard);
}

}  // namespace titrate::inbound
