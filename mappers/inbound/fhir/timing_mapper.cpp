#include "mappers/inbound/fhir/timing_mapper.h"

#include <charconv>
#include <optional>

#include "mappers/inbound/fhir/fhir_values.h"

namespace titrate::inbound::fhir {
namespace {

// A validated positiveInt's text.
int to_int(std::string_view text) {
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// repeat.<name> with repeat.<name>Unit (units-of-time codes are UCUM codes).
std::optional<model::Quantity> time_quantity(const JsonValue& repeat, const std::string& name,
                                             const std::string& path, MapContext& ctx, bool& ok) {
  const JsonValue* value = repeat.find(name);
  if (value == nullptr) return std::nullopt;
  const std::string_view unit = repeat.string_at(name + "Unit");
  if (unit.empty()) {
    add_error(ctx.issues, path + "." + name + "Unit", "required", "a " + name + " needs its unit");
    ok = false;
    return std::nullopt;
  }
  std::optional<model::Decimal> decimal = decimal_from_json(value->text);
  if (!decimal) {
    add_error(ctx.issues, path + "." + name, "value", "the value does not fit an 18-digit decimal");
    ok = false;
    return std::nullopt;
  }
  return model::Quantity{*decimal, std::string(unit)};
}

}  // namespace

bool read_timing(const JsonValue& value, const std::string& path, MapContext& ctx,
                 model::Timing& timing) {
  if (const JsonValue* code = value.find("code")) {
    timing.repeat_pattern = code->string_at("text");
    if (timing.repeat_pattern.empty()) timing.repeat_pattern = first_code(code);
  }
  if (value.find("event") != nullptr) ctx.unmapped.push_back(path + ".event");
  const JsonValue* repeat = value.find("repeat");
  if (repeat == nullptr) return true;
  const std::string repeat_path = path + ".repeat";
  for (const JsonMember& m : repeat->members) {
    const std::string& n = m.name;
    if (n == "count") {
      timing.count = to_int(m.value.text);
    } else if (n == "frequency") {
      timing.frequency = to_int(m.value.text);
    } else if (n == "boundsPeriod") {
      timing.start.value = m.value.string_at("start");
      timing.end.value = m.value.string_at("end");
    } else if (n != "period" && n != "periodUnit" && n != "duration" && n != "durationUnit") {
      ctx.unmapped.push_back(repeat_path + "." + n);
    }
  }
  bool ok = true;
  timing.period = time_quantity(*repeat, "period", repeat_path, ctx, ok);
  timing.duration = time_quantity(*repeat, "duration", repeat_path, ctx, ok);
  return ok;
}

}  // namespace titrate::inbound::fhir
