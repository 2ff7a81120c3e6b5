#pragma once

#include <vector>

#include "mappers/outbound/fhir/detected_issue.h"
#include "mappers/outbound/fhir/device.h"
#include "mappers/outbound/fhir/medication_administration.h"
#include "mappers/outbound/fhir/medication_request.h"
#include "mappers/outbound/fhir/medication_request_status.h"
#include "mappers/outbound/fhir/observation.h"
#include "mappers/outbound/fhir/patient.h"
#include "mappers/outbound/fhir/service_request.h"
#include "tests/unit/gateway/outbound/order_samples.h"
#include "tests/unit/mappers/outbound_fhir/outbound_fhir_support.h"

// A spread of what the outbound mappers emit: every session state, full events and events with
// every optional part left out, every observation kind, alerts, order statuses and devices.
namespace titrate::outbound::fhir::test_support {

inline std::vector<FhirResource> every_resource() {
  std::vector<FhirResource> out;
  for (const model::SessionState state :
       {model::SessionState::kRunning, model::SessionState::kPaused,
        model::SessionState::kCompleted, model::SessionState::kStopped,
        model::SessionState::kAborted}) {
    model::AdministrationEvent full = running_session();
    full.state = state;
    full.deviations = {"", "Ran 10 min beyond the plan"};
    out.push_back(*map_medication_administration(full));
    model::AdministrationEvent in_series = full;
    in_series.infusion_number = 2;
    in_series.series_total = 6;
    out.push_back(*map_medication_administration(in_series));
    model::AdministrationEvent sparse = full;
    sparse.session_id = "session/with spaces";
    sparse.placer = {};
    sparse.visit_number = {};
    sparse.device.clear();
    sparse.rate.reset();
    sparse.dose_rate.reset();
    sparse.started = {};
    sparse.deviations = {""};
    sparse.concentration = {};
    sparse.medication = {};
    sparse.medication.codings.push_back({"", "6130", ""});
    sparse.patient_id = identifier("", "MRN-1");
    out.push_back(*map_medication_administration(sparse));
  }

  model::ObservationEvent no_value = heart_rate();
  no_value.value.reset();
  no_value.session_id.clear();
  no_value.device.clear();
  model::ObservationEvent device_subject = pump_rate_reading();
  device_subject.patient_id = {};
  model::ObservationEvent uncategorized = pump_rate_reading();
  uncategorized.category.clear();
  for (const model::ObservationEvent& o : {heart_rate(), blood_pressure(), pump_rate_reading(),
                                           no_value, device_subject, uncategorized}) {
    out.push_back(map_observation(o));
  }

  model::Alert bare = rate_alert();
  bare.severity.clear();
  bare.message.clear();
  bare.patient_id = {};
  bare.session_id.clear();
  bare.device.clear();
  out.push_back(map_detected_issue(rate_alert()));
  out.push_back(map_detected_issue(bare));

  model::OrderStatusUpdate no_reasons = held_order();
  no_reasons.reasons = {{"", "", "", {}}};
  no_reasons.filler = {};
  out.push_back(map_medication_request_status(held_order()));
  out.push_back(map_medication_request_status(held_order(), ketamine()));
  out.push_back(map_medication_request_status(no_reasons));
  model::OrderStatusUpdate second_infusion = held_order();
  second_infusion.state = model::OrderState::kProgrammed;
  second_infusion.reasons.clear();
  second_infusion.infusion_number = 2;
  out.push_back(map_medication_request_status(second_infusion, ketamine()));

  out.push_back(map_patient(admitted_patient()));
  model::InfusionOrder with_override = depression_order();
  model::LimitOverride by_clinician;
  by_clinician.reason = "Tolerated 0.75 mg/kg/h in the previous series";
  by_clinician.by.identifier = identifier("http://hospital.example/npi", "4401");
  by_clinician.by.name.family = "Welby";
  by_clinician.time = {"2026-11-21T08:10:00-05:00"};
  with_override.limit_override = by_clinician;
  for (const model::InfusionOrder& order : {depression_order(), referral_order(), with_override}) {
    out.push_back(map_medication_request(order));
  }
  out.push_back(map_service_request(referral_order()));

  out.push_back(map_device("0012210000000001", "70049"));
  out.push_back(map_device("pump 7", ""));
  return out;
}

}  // namespace titrate::outbound::fhir::test_support
