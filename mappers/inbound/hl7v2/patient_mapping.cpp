#include "mappers/inbound/hl7v2/patient_mapping.h"

#include <string_view>

#include "mappers/inbound/hl7v2/clinical_mapping.h"
#include "mappers/inbound/hl7v2/datatypes.h"
#include "mappers/inbound/hl7v2/readers.h"
#include "mappers/profile/text.h"

namespace titrate::inbound {
namespace {

std::string_view gender(std::string_view sex) {
  if (sex == "F") return "female";
  if (sex == "M") return "male";
  if (sex == "O" || sex == "A" || sex == "N") return "other";
  if (sex == "U") return "unknown";
  return {};
}

std::string_view patient_class(std::string_view code) {
  if (code == "E") return "EMER";
  if (code == "I") return "IMP";
  if (code == "O" || code == "R") return "AMB";  // R: recurring patient, e.g. an infusion series
  if (code == "P") return "PRENC";
  return {};
}

void map_identifiers(MapContext& ctx, size_t pid, model::PatientContext& patient) {
  const std::string_view key_type = ctx.profile().patient_identifier_type;
  for (size_t r = 1, n = ctx.repetition_count(pid, 3); r <= n; ++r) {
    const Located cx = ctx.repetition(pid, 3, static_cast<uint32_t>(r));
    if (cx.value.part(1).empty()) continue;
    model::Identifier id = cx_identifier(ctx, cx.value);
    const bool is_key = patient.patient_id.empty() && !profile::equals_ignore_case(id.type, "SS") &&
                        profile::equals_ignore_case(id.type, key_type);
    if (is_key) patient.patient_id = id;
    patient.identifiers.push_back(std::move(id));
  }
  const Located account = ctx.element(pid, 18);
  if (account.present()) patient.identifiers.push_back(cx_identifier(ctx, account.value, "AN"));
  if (patient.patient_id.empty()) {
    ctx.error(ctx.at(pid, 3), "101",
              "PID-3 has no identifier of the profile's patient identifier type (the patient "
              "key; SS is never used)");
  }
}

model::HumanName legal_name(const MapContext& ctx, size_t pid) {
  const size_t n = ctx.repetition_count(pid, 5);
  for (size_t r = 1; r <= n; ++r) {
    const Located xpn = ctx.repetition(pid, 5, static_cast<uint32_t>(r));
    if (xpn.value.part(7) == "L") return xpn_name(ctx, xpn.value);
  }
  return n ? xpn_name(ctx, ctx.repetition(pid, 5, 1).value) : model::HumanName{};
}

}  // namespace

model::Visit map_visit(MapContext& ctx, size_t pv1) {
  ctx.use(pv1);
  model::Visit visit;
  const Located class_code = ctx.element(pv1, 2, 1);
  if (class_code.present()) {
    visit.patient_class = std::string(patient_class(class_code.value.raw));
    if (visit.patient_class.empty()) {
      ctx.warning(ctx.at(pv1, 2), "103", "PV1-2 patient class is not one of E, I, O, R, P");
    }
  }
  visit.location = pl_location(ctx, ctx.element(pv1, 3).value);
  visit.attending = xcn_practitioner(ctx, ctx.element(pv1, 7).value);
  const Located visit_number = ctx.element(pv1, 19);
  if (visit_number.present()) visit.visit_number = cx_identifier(ctx, visit_number.value, "VN");
  visit.admitted = read_datetime(ctx, ctx.element(pv1, 44), "PV1-44 admit date/time")
                       .value_or(model::DateTime{});
  visit.discharged = read_datetime(ctx, ctx.element(pv1, 45), "PV1-45 discharge date/time")
                         .value_or(model::DateTime{});
  return visit;
}

model::PatientContext map_patient(MapContext& ctx, size_t pid, model::PatientContext::Event event) {
  ctx.use(pid);
  model::PatientContext patient;
  patient.event = event;
  map_identifiers(ctx, pid, patient);
  patient.name = legal_name(ctx, pid);
  patient.birth_date =
      read_date(ctx, ctx.element(pid, 7), "PID-7 birth date").value_or(model::DateTime{});
  const Located sex = ctx.element(pid, 8, 1);
  if (sex.present()) {
    patient.gender = std::string(gender(sex.value.raw));
    if (patient.gender.empty()) {
      ctx.warning(ctx.at(pid, 8), "103", "PID-8 administrative sex is not one of F, M, O, U, A, N");
    }
  }
  if (std::optional<size_t> pv1 = ctx.find("PV1", ctx.whole_message())) {
    patient.visit = map_visit(ctx, *pv1);
  }
  map_body_measurements(ctx, patient);
  map_allergies(ctx, patient);
  map_conditions(ctx, patient);
  return patient;
}

}  // namespace titrate::inbound
