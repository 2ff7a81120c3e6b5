#include "mappers/outbound/hl7v2/outbound_segments.h"

#include <algorithm>
#include <stdexcept>

#include "gateway/model/code_systems.h"
#include "mappers/outbound/hl7v2/hl7_dtm.h"

namespace titrate::outbound::hl7v2 {
namespace {

using titrate::hl7v2::Encoder;

bool is_oid(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

void write_msh(Encoder& e, const OutboundHeader& h, std::string_view code, std::string_view trigger,
               std::string_view structure) {
  if (h.control_id.empty()) throw std::invalid_argument("an outbound message needs MSH-10");
  if (h.message_time.empty()) throw std::invalid_argument("an outbound message needs MSH-7");
  e.segment("MSH").field(h.sending_application).field(h.sending_facility);
  e.field(h.receiving_application).field(h.receiving_facility).field(h.message_time);
  e.field_at(9).text(code).component(trigger).component(structure);
  e.field(h.control_id).field(h.processing_id).field(h.version);
  e.field_at(18).text("UNICODE UTF-8");
}

void write_cx(Encoder& e, const model::Identifier& id, std::string_view type) {
  e.text(id.value);
  std::string_view system = id.system;
  if (system.starts_with("urn:oid:")) system.remove_prefix(8);
  if (id.assigner.empty() && system.empty() && type.empty()) return;
  e.component().component().component(id.assigner);  // CX-4 assigning authority (HD)
  if (!system.empty()) e.subcomponent(system).subcomponent(is_oid(system) ? "ISO" : "URI");
  if (!type.empty()) e.component(type);
}

void write_pid(Encoder& e, const model::Identifier& patient) {
  if (patient.value.empty()) throw std::invalid_argument("an outbound message needs PID-3");
  e.segment("PID").field_at(3);
  write_cx(e, patient, patient.type);
}

void write_pv1(Encoder& e, const model::Identifier& visit) {
  if (visit.value.empty()) return;
  e.segment("PV1").field("1").field("U").field_at(19);
  write_cx(e, visit, "VN");
}

void write_ei(Encoder& e, const model::Identifier& id) {
  e.text(id.value);
  if (!id.assigner.empty()) e.component(id.assigner);
}

std::string_view coding_system_name(std::string_view uri) {
  namespace s = model::systems;
  if (uri == s::kLoinc) return "LN";
  if (uri == s::kRxNorm) return "RXNORM";
  if (uri == s::kSnomed) return "SCT";
  if (uri == s::kNdc) return "NDC";
  if (uri == s::kMdc) return "MDC";
  if (uri == s::kUcum) return "UCUM";
  if (uri == "http://hl7.org/fhir/sid/icd-10") return "I10";
  if (uri == "http://hl7.org/fhir/sid/icd-10-cm") return "I10C";
  if (uri.find(':') != std::string_view::npos) return {};
  return uri;
}

void write_concept(Encoder& e, const model::CodeableConcept& concept_) {
  int written = 0;
  for (const model::Coding& c : concept_.codings) {
    if (c.code.empty()) continue;
    if (written == 1) e.component();
    const std::string& display = c.display.empty() && written == 0 ? concept_.text : c.display;
    e.text(c.code).component(display).component(coding_system_name(c.system));
    if (++written == 2) break;
  }
  if (written == 0 && !concept_.text.empty()) e.component(concept_.text);
}

void write_ucum(Encoder& e, std::string_view unit) {
  e.text(unit).component(unit).component("UCUM");
}

std::string dtm(const model::DateTime& time, std::string_view what) {
  if (std::optional<std::string> value = to_hl7_dtm(time)) return *value;
  throw std::invalid_argument("the " + std::string(what) + " is not a FHIR dateTime");
}

}  // namespace titrate::outbound::hl7v2
