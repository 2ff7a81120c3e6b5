#include "mappers/inbound/fhir/dosage_mapper.h"

#include <optional>

#include "gateway/model/units.h"
#include "mappers/inbound/fhir/fhir_values.h"
#include "mappers/inbound/fhir/order_common.h"
#include "mappers/inbound/fhir/timing_mapper.h"

namespace titrate::inbound::fhir {
namespace {

class DosageReader {
 public:
  DosageReader(MapContext& ctx, model::InfusionOrder& order) : ctx_(ctx), order_(order) {}

  bool read(const JsonValue& dosage, const std::string& path) {
    order_.instructions = dosage.string_at("text");
    if (const JsonValue* route = dosage.find("route")) {
      order_.route = map_codes(read_codeable_concept(route), ctx_.profile.route_codes, kSnomed);
    }
    if (const JsonValue* timing = dosage.find("timing")) {
      if (!read_timing(*timing, path + ".timing", ctx_, order_.timing)) ok_ = false;
    }
    if (const JsonValue* dose_and_rate = dosage.find("doseAndRate")) {
      for (size_t i = 1; i < dose_and_rate->items.size(); ++i) {
        not_supported(path + ".doseAndRate[" + std::to_string(i) + "]",
                      "only the first doseAndRate is mapped");
      }
      read_dose_and_rate(dose_and_rate->items[0], path + ".doseAndRate[0]");
    }
    for (const JsonMember& m : dosage.members) {
      if (m.name != "text" && m.name != "route" && m.name != "timing" && m.name != "doseAndRate" &&
          m.name != "sequence") {
        ctx_.unmapped.push_back(path + "." + m.name);
      }
    }
    return ok_;
  }

 private:
  void read_dose_and_rate(const JsonValue& dr, const std::string& path) {
    if (const JsonValue* dose = dr.find("doseQuantity")) read_dose(*dose, path + ".doseQuantity");
    if (const JsonValue* rate = dr.find("rateQuantity")) {
      if (auto q = quantity(*rate, path + ".rateQuantity")) assign_rate(*q, path + ".rateQuantity");
    }
    if (const JsonValue* ratio = dr.find("rateRatio")) read_rate_ratio(*ratio, path + ".rateRatio");
    for (std::string_view range : {"doseRange", "rateRange"}) {
      if (dr.find(range) != nullptr) {
        not_supported(path + "." + std::string(range), "ranges are not mapped");
      }
    }
  }

  void read_dose(const JsonValue& value, const std::string& path) {
    std::optional<model::Quantity> q = quantity(value, path);
    if (!q) return;
    if (units::same_dimension(q->unit, "mg")) {
      order_.dose = converted(*q, "mg", path);
    } else if (units::same_dimension(q->unit, "mg/kg")) {
      order_.dose = converted(*q, "mg/kg", path);
    } else if (units::same_dimension(q->unit, "mL")) {
      order_.volume = converted(*q, "mL", path);
    } else {
      not_supported(path, "a dose that is not a mass, a mass per kg or a volume is not mapped");
    }
  }

  void read_rate_ratio(const JsonValue& ratio, const std::string& path) {
    const JsonValue* numerator = ratio.find("numerator");
    const JsonValue* denominator = ratio.find("denominator");
    if (numerator == nullptr || denominator == nullptr) {
      error(path, "required", "a rate ratio needs a numerator and a denominator");
      return;
    }
    std::optional<model::Quantity> num = quantity(*numerator, path + ".numerator");
    std::optional<model::Quantity> den = quantity(*denominator, path + ".denominator");
    if (!num || !den) return;
    std::optional<model::Quantity> hours = units::convert(*den, "h");
    if (!hours || !is_one(hours->value)) {
      not_supported(path, "a rate ratio is mapped only over a denominator of 1 h");
      return;
    }
    assign_rate(model::Quantity{num->value, num->unit + "/h"}, path);
  }

  void assign_rate(const model::Quantity& q, const std::string& path) {
    if (units::same_dimension(q.unit, "mL/h")) {
      order_.infusion_rate = converted(q, "mL/h", path);
    } else if (units::same_dimension(q.unit, "mg/h")) {
      order_.dose_rate = converted(q, "mg/h", path);
    } else if (units::same_dimension(q.unit, "mg/kg/h")) {
      order_.dose_rate = converted(q, "mg/kg/h", path);
    } else {
      not_supported(path,
                    "a rate that is not a volume, mass or mass per kg per time is not mapped");
    }
  }

  std::optional<model::Quantity> quantity(const JsonValue& value, const std::string& path) {
    QuantityRead read = read_quantity(value, ctx_.profile);
    if (!read.quantity) error(path + "." + read.location, "value", read.problem);
    return read.quantity;
  }

  std::optional<model::Quantity> converted(const model::Quantity& q, std::string_view unit,
                                           const std::string& path) {
    std::optional<model::Quantity> out = units::convert(q, unit);
    if (!out) error(path, "value", "the value cannot be expressed in " + std::string(unit));
    return out;
  }

  static bool is_one(const model::Decimal& d) {
    int64_t unit = 1;
    for (int32_t i = 0; i < d.scale; ++i) unit *= 10;
    return d.mantissa == unit;
  }

  void not_supported(const std::string& path, std::string message) {
    add_warning(ctx_.issues, path, "not-supported", std::move(message));
    ctx_.unmapped.push_back(path);
  }

  void error(const std::string& path, std::string code, std::string message) {
    add_error(ctx_.issues, path, std::move(code), std::move(message));
    ok_ = false;
  }

  MapContext& ctx_;
  model::InfusionOrder& order_;
  bool ok_ = true;
};

}  // namespace

bool read_dosage(const Located& request, MapContext& ctx, model::InfusionOrder& order) {
  const JsonValue* dosages = request.resource->find("dosageInstruction");
  if (dosages == nullptr) return true;
  const std::string base = request.path + ".dosageInstruction";
  for (size_t i = 1; i < dosages->items.size(); ++i) {
    add_warning(ctx.issues, base + "[" + std::to_string(i) + "]", "not-supported",
                "only the first dosageInstruction is mapped");
    ctx.unmapped.push_back(base + "[" + std::to_string(i) + "]");
  }
  return DosageReader(ctx, order).read(dosages->items[0], base + "[0]");
}

}  // namespace titrate::inbound::fhir
