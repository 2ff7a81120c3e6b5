#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "mappers/inbound/fhir/map_fhir.h"

// The third-party FHIR R4 examples (official R4 and US Core) of the supported resource types:
// valid R4, so the validator must not report errors on them. Runs when TITRATE_CORPUS_DIR names
// the corpus (the directory holding fhir/).
namespace titrate::inbound::fhir {
namespace {

namespace fs = std::filesystem;

const char* const kSupportedPrefixes[] = {
    "patient__",        "observation__",       "condition__",  "allergyintolerance__",
    "servicerequest__", "medicationrequest__", "medication__", "bundle__"};

std::vector<fs::path> supported_examples() {
  const char* dir = std::getenv("TITRATE_CORPUS_DIR");
  if (dir == nullptr || !fs::is_directory(fs::path(dir) / "fhir")) return {};
  std::vector<fs::path> out;
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(dir) / "fhir")) {
    const std::string name = e.path().filename().string();
    for (const char* prefix : kSupportedPrefixes) {
      if (name.starts_with(prefix) && name.ends_with(".json")) out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string describe(const std::vector<model::MappingIssue>& issues) {
  std::string out;
  for (const model::MappingIssue& i : issues) {
    out += "  " + i.location + " [" + i.code + "] " + i.message + "\n";
  }
  return out;
}

TEST(FhirValidateCorpus, SupportedExamplesHaveNoErrors) {
  const std::vector<fs::path> files = supported_examples();
  if (files.empty()) GTEST_SKIP() << "TITRATE_CORPUS_DIR unset or without fhir/";
  EXPECT_EQ(files.size(), 28u);
  for (const fs::path& file : files) {
    const std::vector<model::MappingIssue> issues = validate_fhir(read(file));
    const bool error = std::any_of(issues.begin(), issues.end(), [](const auto& i) {
      return i.severity == model::MappingIssue::Severity::kError;
    });
    EXPECT_FALSE(error) << file.filename() << "\n" << describe(issues);
  }
}

// What each example maps to. 1000ml-50ml-h names its medication only by its three ingredients;
// kcl-in-ns-100ml-h doses in mEq, which Titrate keeps as sent but does not use as a dose.
TEST(FhirMapCorpus, WhatEachExampleMapsTo) {
  const std::vector<fs::path> files = supported_examples();
  if (files.empty()) GTEST_SKIP() << "TITRATE_CORPUS_DIR unset or without fhir/";
  struct Outcome {
    bool patient;
    size_t orders;
    int status;
    bool operator==(const Outcome&) const = default;
  };
  const std::map<std::string, Outcome> expected = {
      {"allergyintolerance__r4-spec__example.json", {true, 0, 201}},
      {"allergyintolerance__us-core__example.json", {true, 0, 201}},
      {"bundle__r4-spec__transaction.json", {true, 0, 201}},
      {"condition__r4-spec__example.json", {true, 0, 201}},
      {"condition__us-core__encounter-diagnosis.json", {true, 0, 201}},
      {"medication__r4-spec__adcetris.json", {false, 0, 200}},
      {"medication__r4-spec__kcl-premix.json", {false, 0, 200}},
      {"medication__r4-spec__multi-ingredient.json", {false, 0, 200}},
      {"medicationrequest__r4-spec__1000ml-50ml-h.json", {false, 1, 201}},
      {"medicationrequest__r4-spec__adcetris-mg-kg.json", {false, 1, 201}},
      {"medicationrequest__r4-spec__dopamine-ug-kg-min.json", {false, 1, 201}},
      {"medicationrequest__r4-spec__kcl-in-ns-100ml-h.json", {false, 1, 201}},
      {"medicationrequest__us-core__coded.json", {false, 1, 201}},
      {"medicationrequest__us-core__contained-medication.json", {false, 1, 201}},
      {"observation__r4-spec__blood-pressure.json", {false, 0, 200}},
      {"observation__r4-spec__body-temperature.json", {false, 0, 200}},
      {"observation__r4-spec__body-weight.json", {true, 0, 201}},
      {"observation__r4-spec__heart-rate.json", {false, 0, 200}},
      {"observation__r4-spec__vitals-panel.json", {false, 0, 200}},
      {"observation__us-core__blood-pressure-data-absent.json", {false, 0, 200}},
      {"observation__us-core__blood-pressure.json", {false, 0, 200}},
      {"observation__us-core__body-weight.json", {true, 0, 201}},
      {"observation__us-core__heart-rate.json", {false, 0, 200}},
      {"observation__us-core__oxygen-saturation.json", {false, 0, 200}},
      {"patient__r4-spec__example.json", {true, 0, 201}},
      {"patient__us-core__example.json", {true, 0, 201}},
      {"servicerequest__r4-spec__example.json", {true, 0, 201}},
      {"servicerequest__us-core__ekg.json", {true, 0, 201}},
  };
  for (const fs::path& file : files) {
    const model::MappedMessage m = map_fhir(read(file), {});
    const auto want = expected.find(file.filename().string());
    ASSERT_NE(want, expected.end()) << file.filename();
    EXPECT_EQ((Outcome{m.patient.has_value(), m.orders.size(), http_status_for(m)}), want->second)
        << file.filename() << "\n"
        << describe(m.issues);
  }
}

TEST(FhirMapCorpus, BodyWeightInPoundsFromTheSpecification) {
  const char* dir = std::getenv("TITRATE_CORPUS_DIR");
  const fs::path file = dir == nullptr
                            ? fs::path()
                            : fs::path(dir) / "fhir" / "observation__r4-spec__body-weight.json";
  if (dir == nullptr || !fs::exists(file)) GTEST_SKIP() << "corpus not available";
  const model::MappedMessage m = map_fhir(read(file), {});
  ASSERT_TRUE(m.patient.has_value());
  ASSERT_EQ(m.patient->measurements.size(), 1u);
  EXPECT_EQ(m.patient->measurements[0].value, (model::Quantity{{83915, 3}, "kg"}));  // 185 lb
  EXPECT_EQ(m.patient->measurements[0].reported, (model::Quantity{{185, 0}, "[lb_av]"}));
}

}  // namespace
}  // namespace titrate::inbound::fhir
