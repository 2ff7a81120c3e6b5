// The FHIR validator with the definitions of fhir-profiles/ (TITRATE_PROFILES_DIR) over the
// third-party FHIR R4 examples (TITRATE_CORPUS_DIR/fhir): every example of a resource type we
// handle validates with no errors (no false rejections), and mutated resources are rejected at
// the element that is wrong.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mappers/validation/fhir_validator.h"

namespace titrate::validation {
namespace {

namespace fs = std::filesystem;

const fs::path kFhirCorpus = fs::path(TITRATE_CORPUS_DIR) / "fhir";
const fs::path kProfiles = fs::path(TITRATE_PROFILES_DIR);
constexpr const char* kNoCorpus = "corpus_not_found";
constexpr std::array<std::string_view, 8> kHandledTypes = {"MedicationAdministration",
                                                           "Observation",
                                                           "MedicationRequest",
                                                           "DetectedIssue",
                                                           "Device",
                                                           "Patient",
                                                           "ServiceRequest",
                                                           "AuditEvent"};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string resource_type(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("resourceType") ||
      !doc["resourceType"].IsString()) {
    return {};
  }
  return doc["resourceType"].GetString();
}

bool handled(std::string_view type) {
  return std::find(kHandledTypes.begin(), kHandledTypes.end(), type) != kHandledTypes.end();
}

// The corpus examples of our resource types, by file name.
std::vector<std::string> corpus_examples() {
  std::vector<std::string> names;
  std::error_code ec;
  if (fs::is_directory(kFhirCorpus, ec)) {
    for (const auto& e : fs::directory_iterator(kFhirCorpus, ec)) {
      if (e.path().extension() == ".json" && handled(resource_type(read_file(e.path())))) {
        names.push_back(e.path().filename().string());
      }
    }
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) names.push_back(kNoCorpus);
  return names;
}

// Loaded once: the definitions are read-only after load.
const FhirValidator& validator() {
  static const std::unique_ptr<FhirValidator> loaded =
      std::make_unique<FhirValidator>(FhirValidator::load(kProfiles.string()));
  return *loaded;
}

std::string describe(const ValidationResult& result) {
  std::string out;
  for (const auto& issue : result.errors) out += "  " + issue.pointer + ": " + issue.message + "\n";
  return out;
}

// The examples claim profiles we do not ship (US Core, the core vital-signs profile): validating
// against a profile that is not loaded is an error by design, so those claims are dropped and the
// example is checked against the core definitions only.
std::string without_unknown_profiles(const std::string& json, const FhirValidator& v) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("meta")) return json;
  rapidjson::Value& meta = doc["meta"];
  if (!meta.IsObject() || !meta.HasMember("profile") || !meta["profile"].IsArray()) return json;
  rapidjson::Value kept(rapidjson::kArrayType);
  for (auto& p : meta["profile"].GetArray()) {
    if (p.IsString() && v.has_profile(std::string_view(p.GetString(), p.GetStringLength()))) {
      kept.PushBack(rapidjson::Value(p, doc.GetAllocator()), doc.GetAllocator());
    }
  }
  if (kept.Empty()) {
    meta.RemoveMember("profile");
    if (meta.MemberCount() == 0) doc.RemoveMember("meta");
  } else {
    meta["profile"] = kept;
  }
  return to_json(doc);
}

TEST(FhirCorpusValidationDefinitions, CoreFolderLoadsOnItsOwn) {
  const FhirValidator core = FhirValidator::load((kProfiles / "core").string());
  EXPECT_FALSE(core.has_profile("http://fhir.titrate.dev/StructureDefinition/titrate-vital-signs"));
  const ValidationResult result = core.validate(R"({"resourceType":"Device","status":"active"})");
  EXPECT_TRUE(result.ok()) << describe(result);
}

class FhirCorpusValidationTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FhirCorpusValidationTest, ValidatesWithNoErrors) {
  if (GetParam() == kNoCorpus) {
    GTEST_SKIP() << "FHIR corpus not found at " << kFhirCorpus << " (set TITRATE_CORPUS_DIR)";
  }
  const std::string json =
      without_unknown_profiles(read_file(kFhirCorpus / GetParam()), validator());
  const ValidationResult result = validator().validate(json);
  EXPECT_TRUE(result.ok()) << GetParam() << " rejected:\n" << describe(result);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, FhirCorpusValidationTest, ::testing::ValuesIn(corpus_examples()),
                         test_name);

// ---- mutated resources: each must be rejected, at the element that is wrong and nowhere else.

// Valid resources written for these tests (shaped like what the outbound mappers emit).
constexpr const char* kAdministration = R"({
  "resourceType": "MedicationAdministration", "id": "ma-1",
  "status": "in-progress",
  "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130"}]},
  "subject": {"reference": "Patient/p-1"},
  "context": {"reference": "Encounter/e-1"},
  "effectivePeriod": {"start": "2026-03-01T09:00:00Z"},
  "request": {"reference": "MedicationRequest/mr-1"},
  "device": [{"reference": "Device/pump-1"}],
  "note": [{"text": "rate reduced"}],
  "dosage": {
    "text": "ketamine 0.5 mg/kg over 40 min",
    "route": {"coding": [{"system": "http://snomed.info/sct", "code": "47625008"}]},
    "dose": {"value": 35, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"},
    "rateQuantity": {"value": 30, "unit": "mL/h", "system": "http://unitsofmeasure.org", "code": "mL/h"}
  }
})";

constexpr const char* kBloodPressure = R"({
  "resourceType": "Observation", "id": "bp-1", "status": "final",
  "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
  "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
  "subject": {"reference": "Patient/p-1"},
  "effectiveDateTime": "2026-03-01T09:05:00Z",
  "device": {"reference": "Device/monitor-1"},
  "component": [
    {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
     "valueQuantity": {"value": 120, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
    {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
     "valueQuantity": {"value": 80, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}
  ]
})";

constexpr const char* kOrder = R"({
  "resourceType": "MedicationRequest", "id": "mr-1", "status": "active", "intent": "order",
  "medicationCodeableConcept": {"text": "ketamine"},
  "subject": {"reference": "Patient/p-1"},
  "dosageInstruction": [{"timing": {"repeat": {"count": 6, "period": 1, "periodUnit": "wk"}}}]
})";

constexpr const char* kPatient = R"({
  "resourceType": "Patient", "id": "p-1", "gender": "female", "birthDate": "1980-02-29",
  "name": [{"use": "official", "family": "Example"}],
  "telecom": [{"system": "phone", "value": "555-0100", "use": "home"}]
})";

constexpr const char* kAlert = R"({
  "resourceType": "DetectedIssue", "id": "alert-1", "status": "final", "severity": "high",
  "code": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "DOSEHINDA"}]},
  "patient": {"reference": "Patient/p-1"},
  "identifiedDateTime": "2026-03-01T09:10:00Z",
  "author": {"reference": "Device/pump-1"},
  "implicated": [{"reference": "MedicationAdministration/ma-1"}],
  "detail": "delivered volume exceeds plan",
  "mitigation": [{"action": {"text": "infusion paused"}, "date": "2026-03-01T09:11:00Z"}]
})";

constexpr const char* kPump = R"({
  "resourceType": "Device", "id": "pump-1", "status": "active",
  "identifier": [{"system": "urn:oid:1.2.3", "value": "PUMP-0001"}],
  "deviceName": [{"name": "Infusion pump 1", "type": "user-friendly-name"}],
  "type": {"coding": [{"system": "urn:iso:std:iso:11073:10101", "code": "69986"}]},
  "udiCarrier": [{"deviceIdentifier": "00000000000000", "entryType": "barcode"}]
})";

rapidjson::Document parse(const char* json) {
  rapidjson::Document doc;
  doc.Parse(json);
  EXPECT_FALSE(doc.HasParseError());
  return doc;
}

// Validates `doc` and expects errors, all of them at `pointer` (or inside it).
void expect_rejected_at(const rapidjson::Document& doc, const std::string& pointer) {
  const ValidationResult result = validator().validate(to_json(doc));
  ASSERT_FALSE(result.ok()) << "accepted, expected an error at " << pointer;
  bool at_pointer = false;
  for (const auto& issue : result.errors) {
    if (issue.pointer == pointer) at_pointer = true;
    EXPECT_EQ(issue.pointer.rfind(pointer, 0), 0u)
        << "unexpected error elsewhere: " << issue.pointer << ": " << issue.message;
  }
  EXPECT_TRUE(at_pointer) << "no error at " << pointer << ":\n" << describe(result);
}

TEST(FhirCorpusValidationMutations, TheUnmutatedResourcesAreValid) {
  for (const char* json : {kAdministration, kBloodPressure, kOrder, kPatient, kAlert, kPump}) {
    const ValidationResult result = validator().validate(json);
    EXPECT_TRUE(result.ok()) << resource_type(json) << ":\n" << describe(result);
  }
}

// Codes nested in a CodeSystem hierarchy, ValueSets drawing on two systems or on a whole external
// system, and the Quantity specializations are all accepted.
TEST(FhirCorpusValidationMutations, TerminologyAndDataTypeCornersAreValid) {
  const char* const valid[] = {
      R"({"resourceType": "Observation", "status": "corrected", "code": {"text": "x"},
          "effectiveTiming": {"repeat": {"boundsDuration": {"value": 2, "unit": "h", "system": "http://unitsofmeasure.org", "code": "h"},
                                         "when": ["AC", "MORN.early"], "dayOfWeek": ["mon"]}},
          "valueQuantity": {"value": 1, "comparator": "<"}})",
      R"({"resourceType": "ServiceRequest", "status": "active", "intent": "instance-order", "priority": "stat",
          "subject": {"reference": "urn:uuid:8f2e0c1a-3b4d-4e5f-9a6b-7c8d9e0f1a2b"}})",
      R"({"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Example</div>"},
          "name": [{"use": "maiden", "family": "Example"}],
          "photo": [{"contentType": "image/png", "url": "http://example.org/p.png"}],
          "address": [{"use": "billing", "type": "both"}], "link": [{"other": {"reference": "Patient/p-2"}, "type": "seealso"}]})",
      R"({"resourceType": "MedicationRequest", "status": "on-hold", "intent": "filler-order",
          "medicationReference": {"reference": "#med"}, "subject": {"reference": "Patient/p-1"},
          "contained": [{"resourceType": "Medication", "id": "med", "status": "active",
                         "amount": {"numerator": {"value": 500}, "denominator": {"value": 1}}}],
          "dispenseRequest": {"expectedSupplyDuration": {"value": 1, "unit": "d"}}})"};
  for (const char* json : valid) {
    const ValidationResult result = validator().validate(json);
    EXPECT_TRUE(result.ok()) << json << "\n" << describe(result);
  }
}

TEST(FhirCorpusValidationMutations, MissingStatusIsRejected) {
  rapidjson::Document doc = parse(kAdministration);
  doc.RemoveMember("status");
  expect_rejected_at(doc, "/status");
}

TEST(FhirCorpusValidationMutations, MissingIntentIsRejected) {
  rapidjson::Document doc = parse(kOrder);
  doc.RemoveMember("intent");
  expect_rejected_at(doc, "/intent");
}

TEST(FhirCorpusValidationMutations, StatusOutsideItsRequiredValueSetIsRejected) {
  rapidjson::Document doc = parse(kBloodPressure);
  doc["status"].SetString("done");
  expect_rejected_at(doc, "/status");
}

TEST(FhirCorpusValidationMutations, GenderOutsideItsRequiredValueSetIsRejected) {
  rapidjson::Document doc = parse(kPatient);
  doc["gender"].SetString("F");
  expect_rejected_at(doc, "/gender");
}

TEST(FhirCorpusValidationMutations, SeverityOutsideItsRequiredValueSetIsRejected) {
  rapidjson::Document doc = parse(kAlert);
  doc["severity"].SetString("critical");
  expect_rejected_at(doc, "/severity");
}

TEST(FhirCorpusValidationMutations, MitigationWithoutActionIsRejected) {
  rapidjson::Document doc = parse(kAlert);
  doc["mitigation"][0].RemoveMember("action");
  expect_rejected_at(doc, "/mitigation/0/action");
}

TEST(FhirCorpusValidationMutations, DeviceNameTypeOutsideItsRequiredValueSetIsRejected) {
  rapidjson::Document doc = parse(kPump);
  rapidjson::Pointer("/deviceName/0/type").Set(doc, "nickname");
  expect_rejected_at(doc, "/deviceName/0/type");
}

TEST(FhirCorpusValidationMutations, UdiEntryTypeOutsideItsRequiredValueSetIsRejected) {
  rapidjson::Document doc = parse(kPump);
  rapidjson::Pointer("/udiCarrier/0/entryType").Set(doc, "scanned");
  expect_rejected_at(doc, "/udiCarrier/0/entryType");
}

TEST(FhirCorpusValidationMutations, BadCodeInsideADataTypeIsRejected) {
  rapidjson::Document doc = parse(kPatient);
  rapidjson::Pointer("/telecom/0/system").Set(doc, "telephone");
  expect_rejected_at(doc, "/telecom/0/system");
}

TEST(FhirCorpusValidationMutations, BadUnitOfTimeInATimingIsRejected) {
  rapidjson::Document doc = parse(kOrder);
  rapidjson::Pointer("/dosageInstruction/0/timing/repeat/periodUnit").Set(doc, "week");
  expect_rejected_at(doc, "/dosageInstruction/0/timing/repeat/periodUnit");
}

TEST(FhirCorpusValidationMutations, SubjectOfTheWrongResourceTypeIsRejected) {
  rapidjson::Document doc = parse(kAdministration);
  rapidjson::Pointer("/subject/reference").Set(doc, "Device/pump-1");
  expect_rejected_at(doc, "/subject/reference");
}

TEST(FhirCorpusValidationMutations, DeviceReferenceToAPatientIsRejected) {
  rapidjson::Document doc = parse(kBloodPressure);
  rapidjson::Pointer("/device/reference").Set(doc, "Patient/p-1");
  expect_rejected_at(doc, "/device/reference");
}

TEST(FhirCorpusValidationMutations, ComparatorOnASimpleQuantityIsRejected) {
  rapidjson::Document doc = parse(kAdministration);
  rapidjson::Pointer("/dosage/dose/comparator").Set(doc, "<");
  expect_rejected_at(doc, "/dosage/dose/comparator");
}

TEST(FhirCorpusValidationMutations, ComponentWithoutCodeIsRejected) {
  rapidjson::Document doc = parse(kBloodPressure);
  doc["component"][1].RemoveMember("code");
  expect_rejected_at(doc, "/component/1/code");
}

TEST(FhirCorpusValidationMutations, UnknownElementIsRejected) {
  rapidjson::Document doc = parse(kBloodPressure);
  rapidjson::Pointer("/component/0/valueQuantity/precision").Set(doc, 2);
  expect_rejected_at(doc, "/component/0/valueQuantity/precision");
}

TEST(FhirCorpusValidationMutations, SecondChoiceVariantIsRejected) {
  rapidjson::Document doc = parse(kAdministration);
  rapidjson::Pointer("/effectiveDateTime").Set(doc, "2026-03-01T09:00:00Z");
  const ValidationResult result = validator().validate(to_json(doc));
  EXPECT_FALSE(result.ok());
}

TEST(FhirCorpusValidationMutations, SingleValueGivenAsAnArrayIsRejected) {
  rapidjson::Document doc = parse(kAdministration);
  rapidjson::Value& category = rapidjson::Pointer("/category").Create(doc);
  category.SetArray();
  rapidjson::Value item(rapidjson::kObjectType);
  item.AddMember("text", "inpatient", doc.GetAllocator());
  category.PushBack(item, doc.GetAllocator());
  expect_rejected_at(doc, "/category");
}

// The corpus examples themselves, each with one mistake planted (skipped without the corpus).
TEST(FhirCorpusValidationMutations, CorpusExampleWithAWrongRequestTypeIsRejected) {
  const fs::path example = kFhirCorpus / "medicationadministration__r4-spec__kcl-rate-ratio.json";
  if (!fs::exists(example)) GTEST_SKIP() << example << " not found";
  rapidjson::Document doc;
  const std::string json = read_file(example);
  doc.Parse(json.data(), json.size());
  rapidjson::Pointer("/request/reference").Set(doc, "ServiceRequest/sr-1");
  expect_rejected_at(doc, "/request/reference");
}

TEST(FhirCorpusValidationMutations, CorpusExampleWithAContainedMistakeIsRejected) {
  const fs::path example = kFhirCorpus / "medicationrequest__r4-spec__kcl-in-ns-100ml-h.json";
  if (!fs::exists(example)) GTEST_SKIP() << example << " not found";
  rapidjson::Document doc;
  const std::string json = read_file(example);
  doc.Parse(json.data(), json.size());
  rapidjson::Pointer("/contained/0/status").Set(doc, "retired");
  expect_rejected_at(doc, "/contained/0/status");
}

}  // namespace
}  // namespace titrate::validation
