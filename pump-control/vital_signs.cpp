#include "pump-control/vital_signs.h"

#include <array>

#include "gateway/model/decimal_math.h"
#include "gateway/model/units.h"

namespace titrate::pump_control {
namespace {

using model::Coding;

struct SignCodes {
  VitalSign sign;
  std::string_view unit;
  std::array<std::string_view, 2> mdc;    // codes that map to the sign
  std::array<std::string_view, 2> loinc;  // first is the one we emit first
  std::array<std::string_view, 2> loinc_display;
};

constexpr std::array<SignCodes, 6> kSigns{{
    {VitalSign::kSystolic,
     "mm[Hg]",
     {"150021", ""},
     {"8480-6", ""},
     {"Systolic blood pressure", ""}},
    {VitalSign::kDiastolic,
     "mm[Hg]",
     {"150022", ""},
     {"8462-4", ""},
     {"Diastolic blood pressure", ""}},
    {VitalSign::kMean, "mm[Hg]", {"150023", ""}, {"8478-0", ""}, {"Mean blood pressure", ""}},
    {VitalSign::kHeartRate, "/min", {"147842", "149546"}, {"8867-4", ""}, {"Heart rate", ""}},
    {VitalSign::kSpO2,
     "%",
     {"150456", ""},
     {"59408-5", "2708-6"},
     {"Oxygen saturation in Arterial blood by Pulse oximetry",
      "Oxygen saturation in Arterial blood"}},
    {VitalSign::kRespiratoryRate, "/min", {"151562", ""}, {"9279-1", ""}, {"Respiratory rate", ""}},
}};

const SignCodes& codes_of(VitalSign sign) {
  for (const SignCodes& c : kSigns) {
    if (c.sign == sign) return c;
  }
  return kSigns[0];
}

const Coding* mdc_coding(const model::DeviceReading& reading) {
  for (const Coding& c : reading.code.codings) {
    if (c.system == kMdc || c.system.empty() || c.system == "MDC") return &c;
  }
  return nullptr;
}

model::CodeableConcept sign_code(const SignCodes& c, const model::DeviceReading* reading) {
  model::CodeableConcept code;
  for (size_t i = 0; i < c.loinc.size(); ++i) {
    if (!c.loinc[i].empty()) {
      code.codings.push_back(
          Coding{std::string(kLoinc), std::string(c.loinc[i]), std::string(c.loinc_display[i])});
    }
  }
  const Coding* mdc = reading ? mdc_coding(*reading) : nullptr;
  if (mdc && !mdc->code.empty()) {
    code.codings.push_back(Coding{std::string(kMdc), mdc->code, mdc->display});
  }
  return code;
}

// An observation of `e` (reading `r` when given), derived from the bus event `id` starts with.
model::ObservationEvent base_observation(const model::PumpEvent& e, const std::string& id,
                                         std::string category, const model::DeviceReading* r) {
  model::ObservationEvent o;
  o.observation_id = id;
  o.category = std::move(category);
  o.patient_id = e.patient_id;
  o.device = e.device;
  o.time = r && !r->time.empty() ? r->time : e.time;
  return o;
}

}  // namespace

std::optional<VitalSign> vital_sign_of(const model::DeviceReading& reading) {
  for (const Coding& coding : reading.code.codings) {
    for (const SignCodes& c : kSigns) {
      for (std::string_view code : c.mdc) {
        if (!code.empty() && coding.code == code) return c.sign;
      }
      for (std::string_view code : c.loinc) {
        if (!code.empty() && coding.code == code) return c.sign;
      }
    }
  }
  return std::nullopt;
}

std::optional<model::Quantity> vital_value(VitalSign sign, const model::DeviceReading& reading) {
  if (!reading.value) return std::nullopt;
  const std::string_view unit = codes_of(sign).unit;
  std::string given = reading.value->unit;
  if (auto canonical = units::canonical_ucum(given)) given = *canonical;
  if (given == unit || given.empty())
    return model::Quantity{reading.value->value, std::string(unit)};
  if (auto converted = units::convert(model::Quantity{reading.value->value, given}, unit)) {
    return converted;
  }
  return std::nullopt;
}

std::vector<model::ObservationEvent> vital_observations(const model::PumpEvent& e,
                                                        const std::string& source_event_id) {
  std::vector<model::ObservationEvent> out;
  std::optional<size_t> panel;
  for (const model::DeviceReading& r : e.readings) {
    const std::optional<VitalSign> sign = vital_sign_of(r);
    if (!sign) continue;
    const std::optional<model::Quantity> value = vital_value(*sign, r);
    if (!value) continue;
    const SignCodes& c = codes_of(*sign);
    if (*sign == VitalSign::kSystolic || *sign == VitalSign::kDiastolic) {
      if (!panel) {
        model::ObservationEvent o =
            base_observation(e, source_event_id + "/vital/85354-9", "vital-signs", &r);
        o.code.codings.push_back(Coding{std::string(kLoinc), "85354-9",
                                        "Blood pressure panel with all children optional"});
        panel = out.size();
        out.push_back(std::move(o));
      }
      out[*panel].components.push_back(model::ObservationComponent{sign_code(c, &r), *value});
      continue;
    }
    std::string id = source_event_id + "/vital/" + std::string(c.loinc[0]);
    // Two readings of one sign (ECG heart rate and pulse rate) keep distinct ids.
    for (const model::ObservationEvent& other : out) {
      if (other.observation_id == id) id.append("/").append(std::to_string(out.size()));
    }
    model::ObservationEvent o = base_observation(e, id, "vital-signs", &r);
    o.code = sign_code(c, &r);
    o.value = value;
    out.push_back(std::move(o));
  }
  for (model::ObservationEvent& o : out) o.source_event_id = source_event_id;
  return out;
}

std::vector<model::ObservationEvent> device_observations(const model::PumpEvent& e,
                                                         const std::string& source_event_id) {
  std::vector<model::ObservationEvent> out;
  auto add = [&](const model::CodeableConcept& code, const model::Quantity& value,
                 const std::string& suffix, const model::DeviceReading* r) {
    model::ObservationEvent o =
        base_observation(e, source_event_id + "/device/" + suffix, "device", r);
    o.code = code;
    o.value = value;
    o.source_event_id = source_event_id;
    out.push_back(std::move(o));
  };
  for (const model::DeviceReading& r : e.readings) {
    if (!r.value || r.code.codings.empty()) continue;
    add(r.code, *r.value, r.address.empty() ? r.code.codings.front().code : r.address, &r);
  }
  if (!out.empty()) return out;
  auto mdc = [](std::string code, std::string display) {
    return model::CodeableConcept{{Coding{std::string(kMdc), std::move(code), std::move(display)}},
                                  {}};
  };
  if (e.rate) add(mdc("157784", "MDC_FLOW_FLUID_PUMP"), *e.rate, "157784", nullptr);
  if (e.dose_rate) add(mdc("157924", "MDC_RATE_DOSE"), *e.dose_rate, "157924", nullptr);
  if (e.volume_infused) {
    add(mdc("157993", "MDC_VOL_FLUID_DELIV_TOTAL"), *e.volume_infused, "157993", nullptr);
  }
  if (e.vtbi) add(mdc("157884", "MDC_VOL_FLUID_TBI"), *e.vtbi, "157884", nullptr);
  if (e.vtbi_remaining) {
    add(mdc("157872", "MDC_VOL_FLUID_TBI_REMAIN"), *e.vtbi_remaining, "157872", nullptr);
  }
  return out;
}

std::vector<RuleCheck> check_vital_rules(const std::vector<VitalRule>& rules,
                                         const model::PumpEvent& e) {
  std::vector<RuleCheck> out;
  for (const VitalRule& rule : rules) {
    if (!rule.enabled) continue;
    for (const model::DeviceReading& r : e.readings) {
      if (vital_sign_of(r) != rule.sign) continue;
      const std::optional<model::Quantity> value = vital_value(rule.sign, r);
      if (!value) continue;
      const int cmp = decimal::compare(value->value, rule.threshold);
      out.push_back(RuleCheck{&rule, rule.above ? cmp > 0 : cmp < 0, *value});
    }
  }
  return out;
}

}  // namespace titrate::pump_control
