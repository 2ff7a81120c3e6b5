#include "tools/pump_sim/program.h"

#include <string_view>

#include "gateway/model/units.h"
#include "gateway/model/values.h"
#include "mappers/hl7v2/pieces.h"
#include "mappers/inbound/pcd/mdc_units.h"

namespace titrate::pump_sim {
namespace {

std::string text(const hl7v2::Message& m, const std::string& spec) {
  return m.text(spec).value_or("");
}

// A CWE unit field (RXG-7, RXG-16, OBX-6 ...) as UCUM; empty when not recognised.
std::string unit_of(const hl7v2::Message& m, const std::string& spec) {
  pcd::UnitTriplets u{text(m, spec + ".1"), text(m, spec + ".2"), text(m, spec + ".3"),
                      text(m, spec + ".4"), text(m, spec + ".5"), text(m, spec + ".6")};
  return pcd::unit_to_ucum(u).value_or("");
}

// `value` in `unit` expressed in `to` (exact Decimal conversion), or nullopt.
std::optional<double> in_unit(std::string_view value, const std::string& unit,
                              std::string_view to) {
  const std::optional<model::Decimal> decimal = model::Decimal::parse(value);
  if (!decimal || unit.empty()) return std::nullopt;
  const model::Quantity q{*decimal, unit};
  if (unit == to) return decimal->to_double();
  const std::optional<model::Quantity> converted = units::convert(q, to);
  if (!converted) return std::nullopt;
  return converted->value.to_double();
}

ProgramRead fail(std::string code, std::string text_, std::string location) {
  ProgramRead r;
  r.error = {std::move(code), std::move(text_), std::move(location)};
  return r;
}

std::string format_ml(double value) {
  return model::Decimal::from_double(value, 1).to_string();
}

// OBX rows: the pump (69986) and the weight (68063).
void read_observations(const hl7v2::Message& m, Program& p) {
  for (size_t n = 1; m.find_segment("OBX", n); ++n) {
    const std::string obx = "OBX[" + std::to_string(n) + "]-";
    const std::string code = text(m, obx + "3.1");
    if (code == "69986" || text(m, obx + "3.2") == "MDC_DEV_PUMP_INFUS_VMD") {
      const std::string universal = text(m, obx + "18.3");
      p.device = universal.empty() ? text(m, obx + "18.1") : universal;
    } else if (code == "68063") {
      p.weight_kg = in_unit(text(m, obx + "5"), unit_of(m, obx + "6"), "kg").value_or(0);
    }
  }
}

}  // namespace

ProgramRead read_program(const hl7v2::Message& m) {
  const hl7v2::MessageHeader& h = m.header();
  if (h.message_code != "RGV" || h.trigger_event != "O15") {
    return fail("9017", "not an RGV^O15 program", "MSH-9");
  }
  Program p;
  p.control_id = text(m, "MSH-10");
  p.application_ack = text(m, "MSH-16");
  p.sender_application = text(m, "MSH-3.1");
  p.sender_facility = text(m, "MSH-4.1");
  if (text(m, "ORC-1") != "RE") {
    return fail("9017", "only new infusions (ORC-1 RE) are supported", "ORC-1");
  }
  p.program_id = text(m, "ORC-2.1");
  if (p.program_id.empty()) return fail("9003", "no program id", "ORC-2");
  const std::string_view pid3 = m.value("PID-3").value_or("");
  p.patient_pid3 = std::string(hl7v2::piece(pid3, m.delimiters().repetition, 1).value_or(""));
  if (p.patient_pid3.empty()) return fail("9003", "no patient identifier", "PID-3");
  p.location = text(m, "PV1-3.1") + "^" + text(m, "PV1-3.2") + "^" + text(m, "PV1-3.3");
  p.drug_code = text(m, "RXG-4.1");
  p.drug_name = text(m, "RXG-4.2");
  p.drug_system = text(m, "RXG-4.3");
  if (p.drug_code.empty()) return fail("9003", "no give code", "RXG-4");
  read_observations(m, p);
  if (p.device.empty()) return fail("9001", "no infuser named (OBX 69986 OBX-18)", "OBX-18");

  const std::optional<double> drug_mg = in_unit(text(m, "RXG-17"), unit_of(m, "RXG-18"), "mg");
  const std::optional<double> diluent_ml = in_unit(text(m, "RXG-23"), unit_of(m, "RXG-24"), "mL");
  if (drug_mg && diluent_ml && *diluent_ml > 0) p.concentration_mg_ml = *drug_mg / *diluent_ml;

  const std::string duration_unit =
      pcd::mdc_unit(text(m, "TQ1-13.2.1")).has_value()
          ? std::string(pcd::mdc_unit(text(m, "TQ1-13.2.1"))->ucum)
          : std::string(pcd::mdc_unit(text(m, "TQ1-13.2.2")).value_or(pcd::MdcUnit{}).ucum);
  p.duration_min = in_unit(text(m, "TQ1-13.1"), duration_unit, "min").value_or(0);

  const std::string vtbi_text = text(m, "RXG-5");
  const std::optional<double> vtbi = in_unit(vtbi_text, unit_of(m, "RXG-7"), "mL");
  if (vtbi) {
    p.vtbi_ml = *vtbi;
    p.vtbi_text = unit_of(m, "RXG-7") == "mL" ? vtbi_text : format_ml(*vtbi);
  }

  // RXG-15/16: a rate (mL/h), a dose rate (per kg or not), or a dose over the TQ1 duration.
  const std::string give = text(m, "RXG-15");
  const std::string give_unit = unit_of(m, "RXG-16");
  if (give.empty() || give_unit.empty()) return fail("9003", "no rate or dose", "RXG-15");
  const double hours = p.duration_min / 60.0;
  const double conc = p.concentration_mg_ml;
  if (const auto rate = in_unit(give, give_unit, "mL/h")) {
    p.rate_ml_h = *rate;
    if (conc > 0) p.dose_rate_mg_h = *rate * conc;
  } else if (const auto dose = in_unit(give, give_unit, "mg")) {
    if (hours <= 0) return fail("9003", "a dose needs a duration (TQ1-13)", "TQ1-13");
    p.dose_rate_mg_h = *dose / hours;
    if (conc > 0) p.rate_ml_h = p.dose_rate_mg_h / conc;
  } else if (const auto per_kg = in_unit(give, give_unit, "mg/kg/h")) {
    if (p.weight_kg <= 0) return fail("9019", "weight missing", "OBX-5");
    p.dose_rate_mg_h = *per_kg * p.weight_kg;
    if (conc > 0) p.rate_ml_h = p.dose_rate_mg_h / conc;
  } else if (const auto mg_h = in_unit(give, give_unit, "mg/h")) {
    p.dose_rate_mg_h = *mg_h;
    if (conc > 0) p.rate_ml_h = p.dose_rate_mg_h / conc;
  } else {
    return fail("9009", "dose or rate units not in the drug library", "RXG-16");
  }
  if (p.vtbi_ml > 0 && hours > 0) p.rate_ml_h = p.vtbi_ml / hours;
  if (p.rate_ml_h <= 0) {
    return fail("9003", "no concentration to turn the dose into a rate", "RXG-17");
  }
  if (p.vtbi_ml <= 0) {
    if (hours <= 0) return fail("9003", "neither a VTBI nor a duration", "RXG-5");
    p.vtbi_ml = p.rate_ml_h * hours;
    p.vtbi_text = format_ml(p.vtbi_ml);
  }
  if (p.rate_ml_h > 1200) return fail("9005", "rate out of the pump's range", "RXG-15");
  return {std::move(p), {}};
}

}  // namespace titrate::pump_sim
