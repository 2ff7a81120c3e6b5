#include "mappers/outbound/pcd/rgv_o15.h"

#include <algorithm>
#include <optional>

#include "gateway/model/units.h"
#include "mappers/hl7v2/encoder.h"
#include "mappers/inbound/pcd/mdc_units.h"
#include "mappers/inbound/pcd/pcd_message_kind.h"

namespace titrate::pcd {
namespace {

using hl7v2::Encoder;
using model::Quantity;

bool known(const model::PlanValue& v) {
  return !v.value.unit.empty() && v.value.value.mantissa != 0;
}

// The plan's quantity in `unit`; throws when it cannot be expressed in it.
Quantity in_unit(const Quantity& q, std::string_view unit, std::string_view what) {
  if (q.unit == unit) return q;
  if (std::optional<Quantity> converted = units::convert(q, unit)) return *converted;
  throw RgvBuildError("the plan's " + std::string(what) + " is not in a unit convertible to " +
                      std::string(unit));
}

// CWE unit: MDC triplet first and UCUM as the alternate; UCUM alone when MDC has no code.
void unit_field(Encoder& e, size_t field, std::string_view ucum) {
  e.field_at(field);
  if (std::optional<MdcUnit> mdc = mdc_unit_for_ucum(ucum)) {
    e.text(mdc->code).component(mdc->refid).component(kMdcSystemName);
    e.component(ucum).component(ucum).component("UCUM");
  } else {
    e.text(ucum).component(ucum).component("UCUM");
  }
}

// HL7 coding-system name (table 0396) for a system URI; a name that is not a URI is kept.
std::string_view hl7_system_name(std::string_view uri) {
  if (uri == "http://www.nlm.nih.gov/research/umls/rxnorm") return "RXNORM";
  if (uri == "http://hl7.org/fhir/sid/ndc") return "NDC";
  if (uri == "http://snomed.info/sct") return "SCT";
  if (uri == kMdcSystemUri) return kMdcSystemName;
  if (uri.find(':') != std::string_view::npos) return {};
  return uri;
}

bool is_eui64(std::string_view device) {
  return device.size() == 16 && std::all_of(device.begin(), device.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
         });
}

// The dose rate of a mg/kg/h plan in mg/kg/h, when the plan carries one.
std::optional<Quantity> per_kg_rate(const model::DosingPlan& plan) {
  std::vector<Quantity> candidates{plan.dose_rate.value};
  for (const model::PlanInput& input : plan.dose_rate.inputs) candidates.push_back(input.value);
  for (const Quantity& q : candidates) {
    if (q.unit.empty() || q.value.mantissa == 0) continue;
    if (!units::same_dimension(q.unit, "mg/kg/h")) continue;
    if (std::optional<Quantity> rate = q.unit == "mg/kg/h" ? q : units::convert(q, "mg/kg/h")) {
      return rate;
    }
  }
  return std::nullopt;
}

struct GiveAmount {
  Quantity value;  // RXG-15 / RXG-16
  bool needs_duration = false;
};

GiveAmount give_amount(const model::DosingPlan& plan) {
  const std::string_view basis = plan.dosing_basis;
  if (basis == "mg/kg" || basis == "mg") {
    if (!known(plan.dose)) throw RgvBuildError("a " + plan.dosing_basis + " plan without a dose");
    return {in_unit(plan.dose.value, "mg", "dose"), true};
  }
  if (basis == "mg/kg/h") {
    if (std::optional<Quantity> rate = per_kg_rate(plan)) return {*rate, false};
  }
  if (basis == "mg/kg/h" || basis == "mg/h") {
    if (!known(plan.dose_rate)) {
      throw RgvBuildError("a " + plan.dosing_basis + " plan without a dose rate");
    }
    return {in_unit(plan.dose_rate.value, "mg/h", "dose rate"), false};
  }
  throw RgvBuildError("unknown dosing basis (expected mg/kg, mg, mg/kg/h or mg/h)");
}

void write_msh(Encoder& e, std::string_view control_id, const RgvOptions& o) {
  e.segment("MSH").field(o.sending_application).field(o.sending_facility);
  e.field(o.receiving_application).field(o.receiving_facility).field(o.message_time);
  e.field_at(9).text("RGV").component("O15").component("RGV_O15");
  e.field(control_id).field(o.processing_id).field("2.6");
  e.field_at(15).text("AL").field(o.application_ack);
  e.field_at(18).text("UNICODE UTF-8");
  e.field_at(21).text("IHE_PCD_PIV_001").component("IHE PCD").component(kPivOid).component("ISO");
}

void write_patient(Encoder& e, const model::DosingPlan& plan) {
  if (plan.patient_id.value.empty()) throw RgvBuildError("the plan has no patient identifier");
  e.segment("PID").field_at(3).text(plan.patient_id.value);
  if (!plan.patient_id.assigner.empty() || !plan.patient_id.type.empty()) {
    e.component().component().component(plan.patient_id.assigner);
    if (!plan.patient_id.type.empty()) e.component(plan.patient_id.type);
  }
  if (plan.location.empty() && plan.visit_number.empty()) return;
  e.segment("PV1").field("1").field("U").field_at(3);
  // The location is a binding key "point of care^room^bed": one text per component.
  std::string_view location = plan.location;
  for (size_t n = 0; !location.empty() || n == 0; ++n) {
    const size_t caret = location.find('^');
    if (n > 0) e.component();
    e.text(location.substr(0, caret));
    if (caret == std::string_view::npos) break;
    location.remove_prefix(caret + 1);
  }
  if (!plan.visit_number.empty()) {
    e.field_at(19).text(plan.visit_number.value);
    if (!plan.visit_number.assigner.empty()) {
      e.component().component().component(plan.visit_number.assigner).component("VN");
    }
  }
}

void write_give(Encoder& e, const model::DosingPlan& plan) {
  const auto coding = std::find_if(plan.medication.codings.begin(), plan.medication.codings.end(),
                                   [](const model::Coding& c) { return !c.code.empty(); });
  if (coding == plan.medication.codings.end()) {
    throw RgvBuildError("the plan's medication has no code for the pump drug library");
  }
  const std::string& name = coding->display.empty() ? plan.medication.text : coding->display;
  const GiveAmount give = give_amount(plan);
  if (give.needs_duration && !known(plan.duration)) {
    throw RgvBuildError("a dose needs a duration (TQ1-13)");
  }
  e.segment("RXG").field("1").field_at(4).text(coding->code).component(name);
  if (const std::string_view system = hl7_system_name(coding->system); !system.empty()) {
    e.component(system);
  }
  if (known(plan.vtbi)) {
    e.field_at(5).text(in_unit(plan.vtbi.value, "mL", "VTBI").value.to_string());
    unit_field(e, 7, "mL");
  }
  e.field_at(15).text(give.value.value.to_string());
  unit_field(e, 16, give.value.unit);
  const model::Ratio& c = plan.concentration;
  if (!c.numerator.unit.empty() && !c.denominator.unit.empty()) {
    e.field_at(17).text(c.numerator.value.to_string());
    unit_field(e, 18, c.numerator.unit);
    e.field_at(23).text(in_unit(c.denominator, "mL", "diluent volume").value.to_string());
    unit_field(e, 24, "mL");
  }
  if (known(plan.duration)) {
    const Quantity& d = plan.duration.value;
    const std::string_view unit = d.unit == "h" || d.unit == "s" ? std::string_view(d.unit) : "min";
    const Quantity duration = in_unit(d, unit, "duration");
    const MdcUnit mdc = *mdc_unit_for_ucum(unit);
    e.segment("TQ1").field_at(13).text(duration.value.to_string());
    e.component(mdc.code).subcomponent(mdc.refid).subcomponent(kMdcSystemName);
  }
  e.segment("RXR").field().component("IV").component("HL70162");
  e.field_at(3).component("IVP").component("HL70164");
  e.field_at(4).component("IV").component("HL70165");
}

void write_observations(Encoder& e, const model::DosingPlan& plan, std::string_view device) {
  if (device.empty()) throw RgvBuildError("no pump to program (empty device)");
  e.segment("OBX").field("1").field_at(3).text("69986").component("MDC_DEV_PUMP_INFUS_VMD");
  e.component(kMdcSystemName).field_at(11).text("X").field_at(18);
  if (is_eui64(device)) {
    e.component().component(device).component("EUI-64");
  } else {
    e.text(device);
  }
  if (known(plan.weight)) {
    const Quantity kg = in_unit(plan.weight.value, "kg", "weight");
    e.segment("OBX").field("2").field("NM").field_at(3).text("68063");
    e.component("MDC_ATTR_PT_WEIGHT").component(kMdcSystemName);
    e.field_at(5).text(kg.value.to_string());
    unit_field(e, 6, "kg");
    e.field_at(11).text("R");
  }
}

}  // namespace

std::string build_rgv_o15(const model::DosingPlan& plan, std::string_view device,
                          std::string_view program_id, std::string_view control_id,
                          const RgvOptions& options) {
  if (program_id.empty() || control_id.empty()) {
    throw RgvBuildError("a program needs a program id (ORC-2) and a control id (MSH-10)");
  }
  Encoder e;
  write_msh(e, control_id, options);
  write_patient(e, plan);
  e.segment("ORC").field("RE").field(program_id).field_at(9).text(options.message_time);
  e.field_at(19).text(options.action_by);
  write_give(e, plan);
  write_observations(e, plan, device);
  return e.finish();
}

}  // namespace titrate::pcd
