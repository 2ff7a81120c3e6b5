// Mapping throughput: HL7v2 ADT and RDE into the model, and FHIR transaction Bundles.
//
//   build/titrate_bench_mapping --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>

#include "mappers/hl7v2/message.h"
#include "mappers/inbound/fhir/map_fhir.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"
#include "mappers/profile/mapping_profile.h"

namespace {

using namespace titrate;

const std::string kAdt =
    "MSH|^~\\&|CLINICEHR|NORTHCLINIC|TITRATE|INFUSION|20261121083000-0500||ADT^A04^ADT_A01|BENCH1|"
    "P|2.5.1\r"
    "EVN|A04|20261121083000-0500\r"
    "PID|1||MRN5531^^^NORTHCLINIC^MR~999-99-9999^^^SSA^SS||Testpatient^Robin^J||19750212|F\r"
    "PV1|1|O|INF^02^B^NORTHCLINIC||||1234^Attending^Alex^^^^MD|||||||||||V1001\r"
    "OBX|1|NM|29463-7^Body weight^LN||165|[lb_av]|||||F|||20261121080000-0500\r"
    "OBX|2|NM|8302-2^Body height^LN||70|[in_i]|||||F|||20261121080000-0500\r"
    "AL1|1|DA|70618^Penicillin^RXNORM|MO|Hives\r"
    "DG1|1||F32.2^Major depressive disorder, single episode, severe^I10||20260101|A\r";

const std::string kRde =
    "MSH|^~\\&|CLINICEHR|NORTHCLINIC|TITRATE|INFUSION|20261121083000-0500||RDE^O11^RDE_O11|BENCH2|"
    "P|2.5.1\r"
    "PID|1||MRN5531^^^NORTHCLINIC^MR||Testpatient^Robin||19750212|F\r"
    "PV1|1|O|INF^02^B|||||||||||||||||V1001\r"
    "ORC|NW|ORD-7781^CLINICEHR||||||||||1234^Prescriber^Pat\r"
    "RXE|^^^20261121090000-0500|KETAMINE^Ketamine^L|0.5||mg/kg||||||||||||||||||||1|mg|||||||1|mL\r"
    "TQ1|1||||||20261121090000-0500||||||40^min|6\r"
    "RXR|IV^Intravenous^HL70162\r";

const std::string kBundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
{"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a","resource":{"resourceType":"Patient",
 "identifier":[{"system":"urn:oid:2.16.840.1.113883.3.9999.1","value":"MRN9002","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]}}],
 "name":[{"family":"Testpatient","given":["Quinn"]}],"gender":"female","birthDate":"1982-04-01"},"request":{"method":"POST","url":"Patient"}},
{"fullUrl":"urn:uuid:2c1d1f0e-32a5-4b8e-9d47-1e1f1c2b3a4d","resource":{"resourceType":"Observation","status":"final",
 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
 "code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"},
 "effectiveDateTime":"2026-11-21T08:00:00-05:00","valueQuantity":{"value":72.5,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}},
 "request":{"method":"POST","url":"Observation"}},
{"fullUrl":"urn:uuid:88f151c0-a954-468a-88bd-5ae15c08e059","resource":{"resourceType":"MedicationRequest","status":"active","intent":"order",
 "subject":{"reference":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"},
 "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"6130","display":"ketamine"}]},
 "dosageInstruction":[{"timing":{"repeat":{"count":6,"duration":40,"durationUnit":"min"}},
   "route":{"coding":[{"system":"http://snomed.info/sct","code":"47625008"}]},
   "doseAndRate":[{"doseQuantity":{"value":0.5,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]},
 "request":{"method":"POST","url":"MedicationRequest"}}]})";

profile::MappingProfile bench_profile() {
  profile::MappingProfile p;
  p.name = "bench";
  return p;
}

void map_hl7v2(benchmark::State& state, const std::string& bytes) {
  const profile::MappingProfile profile = bench_profile();
  hl7v2::Message message;
  for (auto _ : state) {
    hl7v2::parse_into(bytes, {}, message);
    model::MappedMessage mapped = inbound::map_hl7v2(message, profile);
    if (!mapped.ok()) state.SkipWithError("mapping failed");
    benchmark::DoNotOptimize(mapped);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}

void BM_MapAdtA04(benchmark::State& state) {
  map_hl7v2(state, kAdt);
}
void BM_MapRdeO11(benchmark::State& state) {
  map_hl7v2(state, kRde);
}

void BM_MapFhirTransactionBundle(benchmark::State& state) {
  const profile::MappingProfile profile = bench_profile();
  for (auto _ : state) {
    model::MappedMessage mapped = inbound::fhir::map_fhir(kBundle, profile);
    if (!mapped.ok()) state.SkipWithError("mapping failed");
    benchmark::DoNotOptimize(mapped);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kBundle.size()));
}

}  // namespace

BENCHMARK(BM_MapAdtA04);
BENCHMARK(BM_MapRdeO11);
BENCHMARK(BM_MapFhirTransactionBundle);
BENCHMARK_MAIN();
