// FHIR validation speed: an outbound-like MedicationAdministration (about 3 KB, as the outbound
// module emits it, with two deviation notes) against fhir-profiles/ (core R4 and Titrate's
// profile), and a profiled resource against the small synthetic definitions of the unit tests.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "mappers/validation/fhir_validator.h"

namespace {

using titrate::validation::FhirValidator;
using titrate::validation::ValidationResult;

const std::filesystem::path kRepository =
    std::filesystem::path(__FILE__).parent_path().parent_path();

const char* const kMedicationAdministration = R"json(
{
 "resourceType": "MedicationAdministration",
 "id": "sess-4711",
 "meta": {
  "profile": [
   "http://fhir.titrate.dev/StructureDefinition/titrate-medicationadministration"
  ]
 },
 "extension": [
  {
   "url": "http://fhir.titrate.dev/StructureDefinition/infusion-series",
   "extension": [
    {
     "url": "number",
     "valuePositiveInt": 2
    },
    {
     "url": "total",
     "valuePositiveInt": 6
    }
   ]
  }
 ],
 "identifier": [
  {
   "system": "http://fhir.titrate.dev/sid/infusion-session",
   "value": "sess-4711"
  }
 ],
 "status": "in-progress",
 "medicationCodeableConcept": {
  "coding": [
   {
    "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
    "code": "6130",
    "display": "ketamine"
   },
   {
    "system": "http://snomed.info/sct",
    "code": "373464007",
    "display": "Ketamine"
   }
  ],
  "text": "ketamine"
 },
 "subject": {
  "type": "Patient",
  "identifier": {
   "type": {
    "coding": [
     {
      "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
      "code": "MR"
     }
    ]
   },
   "system": "urn:oid:2.16.840.1.113883.19.5",
   "value": "MRN-1"
  }
 },
 "context": {
  "type": "Encounter",
  "identifier": {
   "type": {
    "coding": [
     {
      "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
      "code": "VN"
     }
    ]
   },
   "system": "http://hospital.example/visits",
   "value": "V-9"
  }
 },
 "effectivePeriod": {
  "start": "2026-11-21T08:00:00-05:00"
 },
 "request": {
  "type": "MedicationRequest",
  "identifier": {
   "type": {
    "coding": [
     {
      "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
      "code": "PLAC"
     }
    ]
   },
   "system": "http://hospital.example/orders",
   "value": "ORD-77"
  }
 },
 "device": [
  {
   "type": "Device",
   "identifier": {
    "system": "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680",
    "value": "0012210000000001"
   }
  }
 ],
 "dosage": {
  "text": "ketamine 1 mg/mL IV infusion at 60 mL/h (60 mg/h); 35.0 mg (35.0 mL) delivered",
  "route": {
   "coding": [
    {
     "system": "http://snomed.info/sct",
     "code": "47625008",
     "display": "Intravenous route"
    }
   ]
  },
  "dose": {
   "value": 35.0,
   "unit": "mg",
   "system": "http://unitsofmeasure.org",
   "code": "mg"
  },
  "rateQuantity": {
   "value": 60,
   "unit": "mL/h",
   "system": "http://unitsofmeasure.org",
   "code": "mL/h"
  }
 },
 "note": [
  {
   "time": "2026-11-21T08:20:00-05:00",
   "text": "rate 12% below plan for 6 min (occlusion alarm cleared by nurse)"
  },
  {
   "time": "2026-11-21T08:31:00-05:00",
   "text": "paused 2 min at patient request; resumed at the planned rate"
  }
 ]
})json";

const char* const kFixturePatient = R"json({
  "resourceType": "Patient", "id": "p1",
  "meta": {"profile": ["http://example.org/fhir/StructureDefinition/test-patient"]},
  "extension": [{"url": "http://example.org/fhir/StructureDefinition/ext-note", "valueString": "n"}],
  "active": true, "status": "active", "name": ["Ann"], "birthDate": "1970-02-01",
  "weight": {"value": 70.5, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"},
  "code": {"coding": [{"system": "http://example.org/fhir/CodeSystem/codes", "code": "alpha"}]},
  "category": [{"coding": [{"system": "http://example.org/fhir/CodeSystem/codes", "code": "beta"}]}],
  "generalPractitioner": [{"reference": "Practitioner/7"}],
  "contact": [{"name": "Bo", "period": {"start": "2020-01-01"}}]
})json";

void run(benchmark::State& state, const std::filesystem::path& definitions, const char* json) {
  const FhirValidator validator = FhirValidator::load(definitions.string());
  const ValidationResult check = validator.validate(json);
  if (!check.ok()) {
    state.SkipWithError((check.errors[0].pointer + ": " + check.errors[0].message).c_str());
    return;
  }
  for (auto _ : state) {
    ValidationResult result = validator.validate(json);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(std::string_view(json).size()));
  state.SetItemsProcessed(state.iterations());
}

void BM_ValidateMedicationAdministration(benchmark::State& state) {
  const std::filesystem::path profiles = kRepository / "fhir-profiles";
  if (!std::filesystem::exists(profiles / "core")) {
    state.SkipWithError("fhir-profiles/core is not there");
    return;
  }
  run(state, profiles, kMedicationAdministration);
}
BENCHMARK(BM_ValidateMedicationAdministration);

void BM_ValidateFixturePatient(benchmark::State& state) {
  run(state, kRepository / "tests/fixtures/fhir-validation/definitions", kFixturePatient);
}
BENCHMARK(BM_ValidateFixturePatient);

void BM_LoadFhirProfiles(benchmark::State& state) {
  const std::filesystem::path profiles = kRepository / "fhir-profiles";
  if (!std::filesystem::exists(profiles / "core")) {
    state.SkipWithError("fhir-profiles/core is not there");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(FhirValidator::load(profiles.string()));
}
BENCHMARK(BM_LoadFhirProfiles)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
