#include "pump-control/pump_control_config.h"

#include <gtest/gtest.h>

#include "gateway/config/config_error.h"

namespace titrate::pump_control {
namespace {

std::string error_of(const std::string& json) {
  try {
    parse_pump_control_config(json, "pump-control.json");
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

const VitalRule* find_rule(const PumpControlConfig& c, const std::string& name) {
  for (const VitalRule& r : c.vitals) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

TEST(PumpControlConfig, LoadsTheShippedFile) {
  const PumpControlConfig c =
      load_pump_control_config(std::string(TITRATE_CONFIG_DIR) + "/pump-control.json");
  ASSERT_EQ(c.pumps.size(), 3u);
  EXPECT_EQ(c.pumps[2].kind, PumpKind::kSyringe);
  EXPECT_EQ(c.pumps[0].location, "INFUSION^CHAIR1");
  EXPECT_EQ(c.tolerances.rate_percent, (model::Decimal{10, 0}));
  EXPECT_EQ(c.vitals.size(), 7u);
}

TEST(PumpControlConfig, DefaultsMatchTheDocumentedRules) {
  const PumpControlConfig c = parse_pump_control_config("{}", "x.json");
  const VitalRule* spo2 = find_rule(c, "spo2_low");
  ASSERT_NE(spo2, nullptr);
  EXPECT_FALSE(spo2->above);
  EXPECT_EQ(spo2->threshold, (model::Decimal{92, 0}));
  EXPECT_EQ(spo2->action, model::AlertAction::kPause);
  ASSERT_NE(find_rule(c, "diastolic_high"), nullptr);
  EXPECT_EQ(find_rule(c, "systolic_high")->threshold, (model::Decimal{180, 0}));
  EXPECT_TRUE(c.pumps.empty());
}

TEST(PumpControlConfig, OverridesAndAddsRulesWithExactDecimals) {
  const PumpControlConfig c = parse_pump_control_config(R"({
    "vitals": {"spo2_low": {"below": 90.5, "action": "notify"},
               "heart_rate_low": {"enabled": false},
               "mean_low": {"sign": "mean", "below": 65, "severity": "medium"}},
    "tolerances": {"rate_percent": 7.5}})",
                                                        "x.json");
  EXPECT_EQ(find_rule(c, "spo2_low")->threshold, (model::Decimal{905, 1}));
  EXPECT_EQ(find_rule(c, "spo2_low")->action, model::AlertAction::kNotify);
  EXPECT_FALSE(find_rule(c, "heart_rate_low")->enabled);
  const VitalRule* mean = find_rule(c, "mean_low");
  ASSERT_NE(mean, nullptr);
  EXPECT_EQ(mean->sign, VitalSign::kMean);
  EXPECT_FALSE(mean->above);
  EXPECT_EQ(c.tolerances.rate_percent, (model::Decimal{75, 1}));
}

TEST(PumpControlConfig, ErrorsAreLocated) {
  EXPECT_EQ(error_of(R"({"pumps": [{"id": "A", "colour": "red"}]})"),
            "pump-control.json: /pumps/0/colour: unknown key");
  EXPECT_EQ(error_of(R"({"pumps": [{"kind": "LVP"}]})"),
            "pump-control.json: /pumps/0/id: required: expected a non-empty string");
  EXPECT_EQ(error_of(R"({"pumps": [{"id": "A", "kind": "elastomeric"}]})"),
            "pump-control.json: /pumps/0/kind: expected \"LVP\", \"syringe\" or \"PCA\"");
  EXPECT_EQ(error_of(R"({"pumps": [{"id": "A"}, {"id": "A"}]})"),
            "pump-control.json: /pumps/1/id: duplicate pump id");
  EXPECT_EQ(error_of(R"({"vitals": {"spo2_low": {"below": "92"}}})"),
            "pump-control.json: /vitals/spo2_low/below: expected a number");
  EXPECT_EQ(
      error_of(R"({"vitals": {"spo2_low": {"below": 9e1}}})"),
      "pump-control.json: /vitals/spo2_low/below: expected a decimal number without exponent");
  EXPECT_EQ(error_of(R"({"vitals": {"spo2_low": {"action": "stop"}}})"),
            "pump-control.json: /vitals/spo2_low/action: expected \"notify\" or \"pause\"");
  EXPECT_EQ(error_of(R"({"vitals": {"temp_high": {"above": 38}}})"),
            "pump-control.json: /vitals/temp_high/sign: required for a rule that is not one of the "
            "defaults");
  EXPECT_EQ(error_of(R"({"vitals": {"x": {"sign": "glucose", "above": 1}}})"),
            "pump-control.json: /vitals/x/sign: expected one of systolic, diastolic, mean, "
            "heart_rate, spo2, respiratory_rate");
  EXPECT_EQ(error_of(R"({"vitals": {"spo2_low": {"below": 92, "above": 100}}})"),
            "pump-control.json: /vitals/spo2_low/below: a rule has either \"above\" or \"below\", "
            "not both");
  EXPECT_EQ(error_of(R"({"tolerances": {"rate_percent": -1}})"),
            "pump-control.json: /tolerances/rate_percent: expected a number >= 0");
  EXPECT_EQ(error_of(R"({"tolerances": {"rate": 10}})"),
            "pump-control.json: /tolerances/rate: unknown key");
  EXPECT_EQ(error_of(R"({"pump": []})"), "pump-control.json: /pump: unknown key");
  EXPECT_EQ(error_of(R"({"vitals": {"spo2_low": 92}})"),
            "pump-control.json: /vitals/spo2_low: expected an object");
  EXPECT_NE(error_of(R"({"pumps": )").find("invalid JSON at byte"), std::string::npos);
}

TEST(PumpControlConfig, MissingFileIsReported) {
  try {
    load_pump_control_config("/nonexistent/pump-control.json");
    FAIL();
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/pump-control.json: /: cannot open the file");
  }
}

}  // namespace
}  // namespace titrate::pump_control
