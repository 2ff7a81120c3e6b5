#include "mappers/inbound/hl7v2/clinical_mapping.h"

#include <array>
#include <optional>
#include <string_view>

#include "gateway/model/units.h"
#include "mappers/inbound/hl7v2/coding_systems.h"
#include "mappers/inbound/hl7v2/datatypes.h"
#include "mappers/inbound/hl7v2/field_sources.h"
#include "mappers/inbound/hl7v2/readers.h"
#include "mappers/profile/text.h"

namespace titrate::inbound {
namespace {

using Kind = model::BodyMeasurement::Kind;

struct KnownCode {
  std::string_view code;
  bool loinc;  // else MDC
  Kind kind;
};

constexpr std::array<KnownCode, 6> kMeasurementCodes = {{
    {"29463-7", true, Kind::kWeight},
    {"3141-9", true, Kind::kWeight},
    {"8302-2", true, Kind::kHeight},
    {"3137-7", true, Kind::kHeight},
    {"68063", false, Kind::kWeight},  // MDC_ATTR_PT_WEIGHT
    {"68060", false, Kind::kHeight},  // MDC_ATTR_PT_HEIGHT
}};

bool is_loinc(std::string_view system) {
  return system.empty() || profile::equals_ignore_case(system, "LN") ||
         profile::equals_ignore_case(system, "LOINC") || system == kLoincUri;
}

std::optional<Kind> coded_kind(const CweTriplet& t) {
  for (const KnownCode& known : kMeasurementCodes) {
    if (t.code != known.code) continue;
    if (known.loinc ? is_loinc(t.system) : profile::equals_ignore_case(t.system, "MDC")) {
      return known.kind;
    }
  }
  return std::nullopt;
}

model::CodeableConcept standard_code(Kind kind, std::string text) {
  model::CodeableConcept code;
  code.codings.push_back({std::string(kLoincUri), kind == Kind::kWeight ? "29463-7" : "8302-2",
                          kind == Kind::kWeight ? "Body weight" : "Body height"});
  code.text = std::move(text);
  return code;
}

std::string_view observation_status(std::string_view code) {
  if (code == "F") return "final";
  if (code == "P") return "preliminary";
  if (code == "C") return "amended";
  if (code == "D") return "entered-in-error";
  if (code == "X") return "cancelled";
  return {};
}

// The message time, read once: the effective time of measurements without OBX-14.
class MessageTime {
 public:
  explicit MessageTime(MapContext& ctx) : ctx_(ctx) {}
  model::DateTime get() {
    if (!value_) {
      const std::optional<size_t> msh = ctx_.find("MSH", ctx_.whole_message());
      value_ = read_datetime(ctx_, ctx_.element(msh, 7, 0, "MSH"), "MSH-7 message date/time")
                   .value_or(model::DateTime{});
    }
    return *value_;
  }

 private:
  MapContext& ctx_;
  std::optional<model::DateTime> value_;
};

// Value and unit -> (normalized, reported); issues at OBX-5 / OBX-6 (or the override).
bool measure(MapContext& ctx, Kind kind, const Located& amount, const Located& unit,
             model::BodyMeasurement& out) {
  const std::string_view what = kind == Kind::kWeight ? "body weight" : "body height";
  if (!amount.present()) {
    ctx.error(amount.where, "101", std::string(what) + " has no value");
    return false;
  }
  std::optional<model::Quantity> reported = read_quantity(ctx, amount, unit, what);
  if (!reported) return false;
  std::optional<model::Quantity> normalized =
      units::convert(*reported, kind == Kind::kWeight ? "kg" : "cm");
  if (!normalized) {
    ctx.error(unit.part_where(1), "103",
              std::string(what) + " unit is not a " + (kind == Kind::kWeight ? "mass" : "length"));
    return false;
  }
  out.kind = kind;
  out.reported = std::move(*reported);
  out.value = std::move(*normalized);
  return true;
}

void map_obx(MapContext& ctx, size_t obx, MessageTime& message_time, bool skip_weight,
             model::PatientContext& patient) {
  const Located code = ctx.element(obx, 3);
  std::optional<Kind> kind = coded_kind(cwe_triplet(code.value, 1));
  if (!kind) kind = coded_kind(cwe_triplet(code.value, 2));
  bool by_text = false;
  if (!kind && code.value.part(1).empty()) {
    const std::string_view text = code.value.part(2);
    if (profile::equals_ignore_case(text, "Body weight")) kind = Kind::kWeight;
    if (profile::equals_ignore_case(text, "Body height")) kind = Kind::kHeight;
    by_text = kind.has_value();
  }
  if (!kind || (skip_weight && *kind == Kind::kWeight)) return;
  ctx.use(obx);
  if (by_text) {
    ctx.info(code.where, "103",
             "body measurement identified by its text only; mapped to the LOINC code");
  }
  model::BodyMeasurement m;
  if (!measure(ctx, *kind, ctx.element(obx, 5), ctx.element(obx, 6), m)) return;
  m.code = by_text ? standard_code(*kind, ctx.text(code.value.part(2)))
                   : to_codeable_concept(ctx, code.value);
  const Located effective = ctx.element(obx, 14);
  m.effective = effective.present() ? read_datetime(ctx, effective, "OBX-14 observation date/time")
                                          .value_or(model::DateTime{})
                                    : message_time.get();
  const Located status = ctx.element(obx, 11);
  m.status = std::string(observation_status(status.value.raw));
  if (m.status.empty()) {
    m.status = "unknown";
    if (status.present()) {
      ctx.warning(status.where, "103", "OBX-11 result status is not one of F, P, C, D, X");
    }
  }
  patient.measurements.push_back(std::move(m));
}

// The profile's "patient.weight" location: a CQ (amount^unit).
bool map_weight_override(MapContext& ctx, MessageTime& message_time,
                         model::PatientContext& patient) {
  const std::optional<Located> where =
      override_location(ctx, "patient.weight", ctx.whole_message());
  if (!where || !where->present()) return false;
  if (where->segment) ctx.use(*where->segment);
  model::BodyMeasurement m;
  if (measure(ctx, Kind::kWeight, part_of(*where, 1), part_of(*where, 2), m)) {
    m.code = standard_code(Kind::kWeight, {});
    m.effective = message_time.get();
    m.status = "final";
    patient.measurements.push_back(std::move(m));
  }
  return true;
}

std::string_view allergy_category(std::string_view type) {
  if (type == "DA") return "medication";
  if (type == "FA") return "food";
  if (type == "EA" || type == "LA" || type == "AA" || type == "PA") return "environment";
  return {};
}

std::string_view criticality(std::string_view severity) {
  if (severity == "SV") return "high";
  if (severity == "MO" || severity == "MI") return "low";
  if (severity == "U") return "unable-to-assess";
  return {};
}

}  // namespace

void map_body_measurements(MapContext& ctx, model::PatientContext& patient) {
  MessageTime message_time(ctx);
  const bool weight_relocated = map_weight_override(ctx, message_time, patient);
  for (size_t obx = 0; obx < ctx.message().segment_count(); ++obx) {
    if (ctx.message().segment_id(obx) == "OBX") {
      map_obx(ctx, obx, message_time, weight_relocated, patient);
    }
  }
}

void map_allergies(MapContext& ctx, model::PatientContext& patient) {
  for (size_t al1 = 0; al1 < ctx.message().segment_count(); ++al1) {
    if (ctx.message().segment_id(al1) != "AL1") continue;
    ctx.use(al1);
    model::Allergy allergy;
    allergy.category = std::string(allergy_category(ctx.element(al1, 2, 1).value.raw));
    allergy.substance = to_codeable_concept(ctx, ctx.element(al1, 3).value);
    allergy.criticality = std::string(criticality(ctx.element(al1, 4, 1).value.raw));
    for (size_t r = 1, n = ctx.repetition_count(al1, 5); r <= n; ++r) {
      std::string reaction = ctx.text(ctx.repetition(al1, 5, static_cast<uint32_t>(r)).value.raw);
      if (reaction.empty()) continue;
      if (!allergy.reaction.empty()) allergy.reaction += "; ";
      allergy.reaction += reaction;
    }
    allergy.onset = read_date(ctx, ctx.element(al1, 6), "AL1-6 identification date")
                        .value_or(model::DateTime{});
    patient.allergies.push_back(std::move(allergy));
  }
}

model::Condition map_condition(MapContext& ctx, size_t dg1) {
  ctx.use(dg1);
  model::Condition condition;
  condition.code = to_codeable_concept(ctx, ctx.element(dg1, 3).value);
  if (condition.code.text.empty()) condition.code.text = ctx.text(ctx.element(dg1, 4).value.raw);
  condition.onset = read_datetime(ctx, ctx.element(dg1, 5), "DG1-5 diagnosis date/time")
                        .value_or(model::DateTime{});
  condition.category = "encounter-diagnosis";
  condition.clinical_status = "active";
  return condition;
}

void map_conditions(MapContext& ctx, model::PatientContext& patient) {
  for (size_t dg1 = 0; dg1 < ctx.message().segment_count(); ++dg1) {
    if (ctx.message().segment_id(dg1) == "DG1")
      patient.conditions.push_back(map_condition(ctx, dg1));
  }
}

}  // namespace titrate::inbound
