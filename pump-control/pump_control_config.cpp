#include "pump-control/pump_control_config.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <array>
#include <optional>
#include <utility>

#include "gateway/config/json_reader.h"
#include "gateway/config/read_file.h"
#include "gateway/model/model_json.h"

namespace titrate::pump_control {
namespace {

using config::ConfigError;
using config::JsonObjectReader;

constexpr std::array<std::pair<VitalSign, std::string_view>, 6> kSigns{{
    {VitalSign::kSystolic, "systolic"},
    {VitalSign::kDiastolic, "diastolic"},
    {VitalSign::kMean, "mean"},
    {VitalSign::kHeartRate, "heart_rate"},
    {VitalSign::kSpO2, "spo2"},
    {VitalSign::kRespiratoryRate, "respiratory_rate"},
}};

constexpr std::array<std::pair<PumpKind, std::string_view>, 3> kKinds{{
    {PumpKind::kLvp, "LVP"},
    {PumpKind::kSyringe, "syringe"},
    {PumpKind::kPca, "PCA"},
}};

VitalRule rule(std::string name, VitalSign sign, bool above, int64_t threshold,
               model::AlertAction action, std::string severity) {
  return VitalRule{std::move(name),     sign, above, model::Decimal{threshold, 0}, action,
                   std::move(severity), true};
}

// One object of the config read twice: `reader` over the document parsed with numbers kept as
// text (so decimals are exact), `typed` the same object parsed normally (so a quoted number
// is refused).
struct Section {
  JsonObjectReader reader;
  const rapidjson::Value* typed;
};

const rapidjson::Value* typed_member(const rapidjson::Value* object, const char* key) {
  if (!object || !object->IsObject()) return nullptr;
  auto it = object->FindMember(key);
  return it == object->MemberEnd() ? nullptr : &it->value;
}

std::optional<model::Decimal> read_decimal(Section& s, const char* key, bool non_negative) {
  const rapidjson::Value* typed = typed_member(s.typed, key);
  if (typed && !typed->IsNull() && !typed->IsNumber()) s.reader.fail(key, "expected a number");
  const std::optional<std::string> text = s.reader.string(key);
  if (!text) return std::nullopt;
  std::optional<model::Decimal> value = model::Decimal::parse(*text);
  if (!value) s.reader.fail(key, "expected a decimal number without exponent");
  if (non_negative && value->mantissa < 0) s.reader.fail(key, "expected a number >= 0");
  return value;
}

model::AlertAction read_action(JsonObjectReader& r, model::AlertAction fallback) {
  const std::optional<std::string> text = r.string("action");
  if (!text) return fallback;
  model::AlertAction action;
  if (!model::from_json_name(*text, action)) r.fail("action", "expected \"notify\" or \"pause\"");
  return action;
}

std::string read_severity(JsonObjectReader& r, std::string fallback) {
  const std::optional<std::string> text = r.string("severity");
  if (!text) return fallback;
  if (*text != "high" && *text != "medium" && *text != "low") {
    r.fail("severity", "expected \"high\", \"medium\" or \"low\"");
  }
  return *text;
}

void read_rule(Section& s, VitalRule& rule, bool known) {
  JsonObjectReader& r = s.reader;
  if (const std::optional<std::string> sign = r.string("sign")) {
    bool found = false;
    for (const auto& [value, name] : kSigns) {
      if (name == *sign) {
        rule.sign = value;
        found = true;
      }
    }
    if (!found) {
      r.fail("sign",
             "expected one of systolic, diastolic, mean, heart_rate, spo2, respiratory_rate");
    }
  } else if (!known) {
    r.fail("sign", "required for a rule that is not one of the defaults");
  }
  const std::optional<model::Decimal> above = read_decimal(s, "above", false);
  const std::optional<model::Decimal> below = read_decimal(s, "below", false);
  if (above && below) r.fail("below", "a rule has either \"above\" or \"below\", not both");
  if (above) {
    rule.above = true;
    rule.threshold = *above;
  } else if (below) {
    rule.above = false;
    rule.threshold = *below;
  } else if (!known) {
    r.fail("above", "required: \"above\" or \"below\" with the threshold");
  }
  rule.action = read_action(r, rule.action);
  rule.severity = read_severity(r, rule.severity);
  rule.enabled = r.boolean_or("enabled", rule.enabled);
  r.reject_unknown_keys();
}

void read_pumps(JsonObjectReader& root, PumpControlConfig& out) {
  root.each_object("pumps", [&](JsonObjectReader& p) {
    RegisteredPump pump;
    pump.id = p.required_string("id");
    const std::string kind = p.string_or("kind", "LVP");
    bool found = false;
    for (const auto& [value, name] : kKinds) {
      if (name == kind) {
        pump.kind = value;
        found = true;
      }
    }
    if (!found) p.fail("kind", "expected \"LVP\", \"syringe\" or \"PCA\"");
    pump.location = p.string_or("location", "");
    pump.label = p.string_or("label", "");
    for (const RegisteredPump& other : out.pumps) {
      if (other.id == pump.id) p.fail("id", "duplicate pump id");
    }
    out.pumps.push_back(std::move(pump));
  });
}

void read_vitals(JsonObjectReader& root, const rapidjson::Value& text_doc,
                 const rapidjson::Value& typed_doc, PumpControlConfig& out) {
  const rapidjson::Value* vitals = typed_member(&text_doc, "vitals");
  std::optional<JsonObjectReader> section = root.object("vitals");
  if (!section || !vitals) return;
  const rapidjson::Value* typed_vitals = typed_member(&typed_doc, "vitals");
  for (auto it = vitals->MemberBegin(); it != vitals->MemberEnd(); ++it) {
    const std::string name(it->name.GetString(), it->name.GetStringLength());
    if (it->value.IsNull()) {
      section->fail(name.c_str(), "expected an object");
    }
    VitalRule* target = nullptr;
    for (VitalRule& existing : out.vitals) {
      if (existing.name == name) target = &existing;
    }
    const bool known = target != nullptr;
    if (!known) {
      out.vitals.push_back(VitalRule{
          name, VitalSign::kSystolic, true, {}, model::AlertAction::kNotify, "high", true});
      target = &out.vitals.back();
    }
    Section s{*section->object(name.c_str()), typed_member(typed_vitals, name.c_str())};
    read_rule(s, *target, known);
  }
  section->reject_unknown_keys();
}

void read_tolerances(JsonObjectReader& root, const rapidjson::Value& typed_doc,
                     PumpControlConfig& out) {
  std::optional<JsonObjectReader> reader = root.object("tolerances");
  if (!reader) return;
  Section s{*reader, typed_member(&typed_doc, "tolerances")};
  Tolerances& t = out.tolerances;
  t.rate_percent = read_decimal(s, "rate_percent", true).value_or(t.rate_percent);
  t.volume_beyond_vtbi_ml =
      read_decimal(s, "volume_beyond_vtbi_ml", true).value_or(t.volume_beyond_vtbi_ml);
  t.duration_beyond_plan_percent = read_decimal(s, "duration_beyond_plan_percent", true)
                                       .value_or(t.duration_beyond_plan_percent);
  s.reader.reject_unknown_keys();
}

}  // namespace

PumpControlConfig default_pump_control_config() {
  using model::AlertAction;
  PumpControlConfig c;
  c.vitals = {
      rule("systolic_high", VitalSign::kSystolic, true, 180, AlertAction::kNotify, "high"),
      rule("systolic_low", VitalSign::kSystolic, false, 90, AlertAction::kNotify, "high"),
      rule("diastolic_high", VitalSign::kDiastolic, true, 110, AlertAction::kNotify, "high"),
      rule("heart_rate_high", VitalSign::kHeartRate, true, 130, AlertAction::kNotify, "high"),
      rule("heart_rate_low", VitalSign::kHeartRate, false, 50, AlertAction::kNotify, "medium"),
      rule("spo2_low", VitalSign::kSpO2, false, 92, AlertAction::kPause, "high"),
      rule("respiratory_rate_low", VitalSign::kRespiratoryRate, false, 8, AlertAction::kPause,
           "high"),
  };
  return c;
}

PumpControlConfig parse_pump_control_config(std::string_view json, const std::string& file) {
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseCommentsFlag;
  rapidjson::Document typed, text;
  typed.Parse<kFlags>(json.data(), json.size());
  if (typed.HasParseError()) {
    throw ConfigError(file, "",
                      std::string("invalid JSON at byte ") +
                          std::to_string(typed.GetErrorOffset()) + ": " +
                          rapidjson::GetParseError_En(typed.GetParseError()));
  }
  text.Parse<kFlags | rapidjson::kParseNumbersAsStringsFlag>(json.data(), json.size());

  PumpControlConfig out = default_pump_control_config();
  out.file = file;
  JsonObjectReader root(file, "", text);
  read_pumps(root, out);
  read_vitals(root, text, typed, out);
  read_tolerances(root, typed, out);
  root.reject_unknown_keys();
  return out;
}

PumpControlConfig load_pump_control_config(const std::string& path) {
  const std::optional<std::string> bytes = config::read_file(path);
  if (!bytes) throw ConfigError(path, "", "cannot open the file");
  return parse_pump_control_config(*bytes, path);
}

std::string_view kind_name(PumpKind kind) {
  for (const auto& [value, name] : kKinds) {
    if (value == kind) return name;
  }
  return "LVP";
}

std::string_view sign_name(VitalSign sign) {
  for (const auto& [value, name] : kSigns) {
    if (value == sign) return name;
  }
  return "systolic";
}

}  // namespace titrate::pump_control
