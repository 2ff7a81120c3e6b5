#pragma once

#include "gateway/model/infusion_order.h"
#include "gateway/model/patient_context.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

// Sample orders and patient contexts for the outbound order tests (mappers and module).
namespace titrate::outbound::fhir::test_support {

inline model::PatientContext admitted_patient() {
  model::PatientContext p;
  p.event = model::PatientContext::Event::kAdmit;
  p.patient_id = identifier("http://hospital.example/mrn", "MRN-1", "MR");
  p.identifiers = {p.patient_id, identifier("http://hl7.org/fhir/sid/us-ssn", "999-00-1234", "SS")};
  p.name.family = "Fiction";
  p.name.given = {"Alex", "J"};
  p.name.use = "official";
  p.birth_date = {"1982-05-17"};
  p.gender = "female";
  return p;
}

inline model::InfusionOrder depression_order() {
  model::InfusionOrder o;
  o.placer = identifier("http://hospital.example/orders", "ORD-77", "PLAC");
  o.filler = identifier("http://fhir.titrate.dev/sid/filler", "F-1", "FILL");
  o.placer_group = "GRP-7";
  o.patient_id = identifier("http://hospital.example/mrn", "MRN-1", "MR");
  o.visit_number = identifier("http://hospital.example/visits", "V-9", "VN");
  o.medication = ketamine();
  o.dose = qty("0.5", "mg/kg");
  o.dose_rate = qty("0.75", "mg/kg/h");
  o.infusion_rate = qty("26.3", "mL/h");
  o.volume = qty("50", "mL");
  o.timing.repeat_pattern = "Q1W";
  o.timing.count = 6;
  o.timing.frequency = 1;
  o.timing.period = qty("1", "wk");
  o.timing.duration = qty("40", "min");
  o.timing.start = {"2026-11-23T09:00:00-05:00"};
  o.route.codings.push_back({"http://snomed.info/sct", "47625008", "Intravenous route"});
  o.route.codings.push_back({"http://terminology.hl7.org/CodeSystem/v2-0162", "IV", ""});
  o.ordering_provider.identifier = identifier("http://hospital.example/npi", "4401");
  o.ordering_provider.name.family = "Welby";
  o.ordering_provider.name.given = {"Marcus"};
  model::CodeableConcept indication;
  indication.codings.push_back(
      {"http://hl7.org/fhir/sid/icd-10-cm", "F33.2", "Major depressive disorder, recurrent"});
  o.indications = {indication};
  o.authored = {"2026-11-21T07:55:00-05:00"};
  o.instructions = "Monitor vitals every 15 minutes";
  o.care_area = "mental-health";
  return o;
}

inline model::InfusionOrder referral_order() {
  model::InfusionOrder o = depression_order();
  o.placer = identifier("http://hospital.example/orders", "PLC7002", "PLAC");
  o.filler = {};
  o.dose_rate.reset();
  o.infusion_rate.reset();
  o.volume.reset();
  o.origin = model::kServiceRequestOrigin;
  return o;
}

}  // namespace titrate::outbound::fhir::test_support
