#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gateway/model/administration.h"
#include "gateway/model/values.h"

// config/pump-control.json: the pump registry, the vital-sign rules and the
// delivered-versus-planned tolerances. The format is documented in config/pump-control.md.
namespace titrate::pump_control {

enum class PumpKind { kLvp, kSyringe, kPca };

struct RegisteredPump {
  std::string id;  // EUI-64 or the vendor's pump id, as PCD messages name it (OBX-18)
  PumpKind kind = PumpKind::kLvp;
  std::string location;  // binding key "point_of_care^room^bed" or a prefix ("INFUSION^CHAIR3")
  std::string label;     // for people
};

// The vital signs the rules watch; each maps to LOINC and MDC codes (vital_signs.h).
enum class VitalSign { kSystolic, kDiastolic, kMean, kHeartRate, kSpO2, kRespiratoryRate };

struct VitalRule {
  std::string name;  // the key under "vitals" ("systolic_high"); alerts name "/vitals/<name>"
  VitalSign sign = VitalSign::kSystolic;
  bool above = true;  // fires when the value is above the threshold, else below it
  model::Decimal threshold;
  model::AlertAction action = model::AlertAction::kNotify;
  std::string severity = "high";
  bool enabled = true;
};

// Delivered-versus-planned: a value at the tolerance is within it; beyond it raises the alert.
struct Tolerances {
  model::Decimal rate_percent{10, 0};                  // |rate - planned| > this % of planned
  model::Decimal volume_beyond_vtbi_ml{5, 0};          // volume > VTBI + this
  model::Decimal duration_beyond_plan_percent{15, 0};  // running time > planned × (1 + this %)
};

struct PumpControlConfig {
  std::string file;  // where it was read from, for messages ("" = built-in defaults)
  std::vector<RegisteredPump> pumps;
  std::vector<VitalRule> vitals;  // enabled and disabled, in a stable order
  Tolerances tolerances;
};

// The defaults: no registered pumps, the documented vital-sign rules, the tolerances above.
PumpControlConfig default_pump_control_config();

// Throws config::ConfigError naming the file, the JSON pointer and what was expected. Keys
// not documented are refused.
PumpControlConfig load_pump_control_config(const std::string& path);
PumpControlConfig parse_pump_control_config(std::string_view json, const std::string& file);

std::string_view kind_name(PumpKind kind);  // LVP, syringe, PCA
std::string_view sign_name(
    VitalSign sign);  // systolic, diastolic, mean, heart_rate, spo2, respiratory_rate

}  // namespace titrate::pump_control
