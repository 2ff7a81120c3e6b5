#include <optional>

#include "gateway/model/units.h"
#include "mappers/inbound/fhir/fhir_values.h"
#include "mappers/inbound/fhir/resource_helpers.h"
#include "mappers/inbound/fhir/resource_mappers.h"

namespace titrate::inbound::fhir {
namespace {

std::optional<model::BodyMeasurement::Kind> measurement_kind(const JsonValue* code) {
  if (has_coding(code, kLoinc, "29463-7") || has_coding(code, kLoinc, "3141-9")) {
    return model::BodyMeasurement::Kind::kWeight;
  }
  if (has_coding(code, kLoinc, "8302-2")) return model::BodyMeasurement::Kind::kHeight;
  return std::nullopt;
}

std::string effective_time(const JsonValue& observation) {
  if (auto text = observation.string_at("effectiveDateTime"); !text.empty()) {
    return std::string(text);
  }
  if (auto text = observation.string_at("effectiveInstant"); !text.empty()) {
    return std::string(text);
  }
  if (const JsonValue* period = observation.find("effectivePeriod")) {
    return std::string(period->string_at("start"));
  }
  return {};
}

}  // namespace

void map_observation(const Located& observation, MapContext& ctx) {
  const JsonValue& r = *observation.resource;
  const std::optional<model::BodyMeasurement::Kind> kind = measurement_kind(r.find("code"));
  if (!kind) {
    skip_resource(observation, "only body weight and height Observations are mapped", ctx);
    return;
  }
  const std::string_view status = r.string_at("status");
  if (status == "entered-in-error" || status == "cancelled") {
    skip_resource(observation, "the Observation is " + std::string(status), ctx);
    return;
  }
  const JsonValue* value = r.find("valueQuantity");
  if (value == nullptr) {
    skip_resource(observation, "the Observation has no valueQuantity", ctx);
    return;
  }
  if (!check_modifier_extensions(observation, ctx)) return;
  const std::optional<model::Identifier> patient = subject_identity(observation, "subject", ctx);
  if (!patient) return;

  const std::string value_path = observation.path + ".valueQuantity";
  const QuantityRead read = read_quantity(*value, ctx.profile);
  if (!read.quantity) {
    add_error(ctx.issues, value_path + "." + read.location, "value", read.problem);
    return;
  }
  const bool weight = *kind == model::BodyMeasurement::Kind::kWeight;
  const std::optional<model::Quantity> normalized =
      units::convert(*read.quantity, weight ? "kg" : "cm");
  if (!normalized) {
    add_error(ctx.issues, value_path + "." + (value->find("code") ? "code" : "unit"), "value",
              std::string("the unit cannot be converted to ") + (weight ? "kg" : "cm"));
    return;
  }
  model::BodyMeasurement m;
  m.kind = *kind;
  m.code = read_codeable_concept(r.find("code"));
  m.value = *normalized;
  m.reported = *read.quantity;
  m.effective.value = effective_time(r);
  m.status = status;
  ctx.patient.context().measurements.push_back(std::move(m));
  list_unused(observation,
              {"status", "code", "subject", "effectiveDateTime", "effectiveInstant",
               "effectivePeriod", "valueQuantity"},
              ctx);
}

}  // namespace titrate::inbound::fhir
