#include "mappers/inbound/hl7v2/profile_rules.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "mappers/hl7v2/segment_ids.h"
#include "mappers/inbound/hl7v2/field_sources.h"
#include "mappers/inbound/hl7v2/issues.h"
#include "mappers/profile/field_names.h"
#include "mappers/profile/location_spec.h"

namespace titrate::inbound {
namespace {

bool requires_field(const MapContext& ctx, std::string_view name) {
  const auto& rules = ctx.profile().required;
  return std::find(rules.begin(), rules.end(), name) != rules.end();
}

hl7v2::Location spec_location(const MapContext& ctx, const profile::LocationSpec& spec,
                              std::optional<size_t> segment) {
  hl7v2::Location at = segment ? ctx.at(*segment, spec.field, spec.repetition, spec.component)
                               : MapContext::missing(spec.segment, spec.field);
  at.repetition = spec.repetition;
  at.component = spec.component;
  at.subcomponent = spec.subcomponent;
  return at;
}

bool has_value(const MapContext& ctx, const profile::LocationSpec& spec, size_t segment) {
  hl7v2::Path path;
  path.segment = spec.segment;
  path.occurrence = ctx.occurrence(segment);
  path.field = spec.field;
  path.repetition = spec.repetition;
  path.component = spec.component;
  path.subcomponent = spec.subcomponent;
  const std::optional<std::string_view> v = ctx.message().value(path);
  return v && *v != "\"\"";
}

void check_location(MapContext& ctx, std::string_view text, const profile::LocationSpec& spec) {
  const bool one = text.size() > 3 && text[3] == '[';
  bool found = false;
  for (size_t i = 0; i < ctx.message().segment_count(); ++i) {
    if (ctx.message().segment_id(i) != spec.segment) continue;
    if (one && ctx.occurrence(i) != spec.occurrence) continue;
    found = true;
    if (spec.field != 0 && !has_value(ctx, spec, i)) {
      ctx.error(spec_location(ctx, spec, i), "101", "the profile requires this element");
    }
  }
  if (!found) {
    hl7v2::Location at = spec_location(ctx, spec, std::nullopt);
    at.segment_occurrence = spec.occurrence;  // ERR-2 names the (first) segment expected
    ctx.error(at, spec.field ? "101" : "100", "the profile requires this element");
  }
}

}  // namespace

void check_required_locations(MapContext& ctx) {
  for (const std::string& rule : ctx.profile().required) {
    if (profile::is_known_field_name(rule)) continue;
    if (std::optional<profile::LocationSpec> spec = profile::parse_location_spec(rule)) {
      check_location(ctx, rule, *spec);
    }
  }
}

void check_required_order_fields(MapContext& ctx, const model::InfusionOrder& order,
                                 const OrderSources& sources) {
  for (const std::string& rule : ctx.profile().required) {
    const hl7v2::Location* where = sources.find(rule);
    if (where && !profile::order_field_is_set(order, rule)) {
      ctx.error(*where, "101", "the profile requires " + rule + ", which the order does not have");
    }
  }
}

void check_required_patient_fields(MapContext& ctx, const model::PatientContext* patient) {
  if (!requires_field(ctx, "patient.weight")) return;
  const bool has_weight =
      patient && std::any_of(patient->measurements.begin(), patient->measurements.end(),
                             [](const model::BodyMeasurement& m) {
                               return m.kind == model::BodyMeasurement::Kind::kWeight;
                             });
  if (has_weight) return;
  const std::optional<Located> relocated =
      override_location(ctx, "patient.weight", ctx.whole_message());
  ctx.error(relocated ? relocated->where : MapContext::missing("OBX"), "101",
            "the profile requires patient.weight, which the message does not have");
}

void report_unmapped(MapContext& ctx) {
  const bool reject = ctx.profile().unknown_segments == profile::UnknownElementPolicy::kReject;
  for (size_t i = 0; i < ctx.message().segment_count(); ++i) {
    if (ctx.used(i)) continue;
    const hl7v2::Location at = ctx.at(i);
    ctx.out().unmapped.push_back(issue_location_text(at));
    if (hl7v2::is_standard_segment_id(ctx.message().segment_id(i))) continue;
    const std::string message = "Z-segment or unknown segment that no profile location uses";
    if (reject) {
      ctx.error(at, "100", message + "; this profile rejects them");
    } else {
      ctx.info(at, "100", message);
    }
  }
}

}  // namespace titrate::inbound
