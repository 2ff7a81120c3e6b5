#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "mappers/validation/fhir_validator.h"
#include "tests/unit/mappers/validation/validation_test_support.h"

namespace titrate::validation {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A copy of the fixture definitions in a fresh temporary folder, to break one file at a time.
class FhirValidatorLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    dir_ = fs::temp_directory_path() /
           ("titrate-defs-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(dir_);
    fs::copy(test::fixture_definitions(), dir_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& relative, const std::string& text) {
    std::ofstream(dir_ / relative, std::ios::binary) << text;
  }
  // Replaces the first `from` in a file with `to`.
  void edit(const std::string& relative, const std::string& from, const std::string& to) {
    std::ifstream in(dir_ / relative, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write(relative, text);
  }
  std::string load_error() {
    try {
      FhirValidator::load(dir_.string());
    } catch (const ProfileLoadError& e) {
      return e.what();
    }
    return "(loaded)";
  }

  fs::path dir_;
};

TEST_F(FhirValidatorLoadTest, LoadsTheFixtureDefinitions) {
  EXPECT_EQ(load_error(), "(loaded)");
  const FhirValidator validator = FhirValidator::load(dir_.string());
  EXPECT_TRUE(validator.has_profile("http://hl7.org/fhir/StructureDefinition/SimpleQuantity"));
  EXPECT_TRUE(validator.has_profile("http://example.org/fhir/StructureDefinition/ext-override"));
}

TEST_F(FhirValidatorLoadTest, MissingFolder) {
  EXPECT_THROW(FhirValidator::load((dir_ / "nowhere").string()), ProfileLoadError);
}

TEST_F(FhirValidatorLoadTest, FileThatIsNotJson) {
  write("test/broken.json", "{\"resourceType\":");
  EXPECT_THAT(load_error(), HasSubstr("test/broken.json: (document): not JSON: "));
}

TEST_F(FhirValidatorLoadTest, OtherResourcesAndFilesAreIgnored) {
  write("test/notes.txt", "not json at all");
  write("test/Bundle-x.json", R"({"resourceType":"Bundle","type":"collection"})");
  EXPECT_EQ(load_error(), "(loaded)");
}

TEST_F(FhirValidatorLoadTest, StructureDefinitionWithoutSnapshot) {
  write("test/StructureDefinition-bare.json",
        R"({"resourceType":"StructureDefinition","url":"http://example.org/bare","name":"Bare",)"
        R"("kind":"complex-type","type":"Bare","derivation":"specialization",)"
        R"("differential":{"element":[{"id":"Bare","path":"Bare"}]}})");
  EXPECT_THAT(load_error(), HasSubstr("StructureDefinition-bare.json: /snapshot: a "
                                      "StructureDefinition needs a snapshot"));
}

TEST_F(FhirValidatorLoadTest, RequiredBindingToAValueSetThatIsNotLoaded) {
  fs::remove(dir_ / "test/ValueSet-test-status.json");
  // test-codes imports test-status, so whichever resolves first names it.
  EXPECT_THAT(load_error(), HasSubstr("ValueSet/test-status"));
  EXPECT_THAT(load_error(), HasSubstr("StructureDefinition-"));
}

TEST_F(FhirValidatorLoadTest, RequiredBindingNamesTheElement) {
  edit("core/StructureDefinition-Period.json", "\"path\": \"Period.end\",",
       "\"path\": \"Period.end\", \"binding\": {\"strength\": \"required\", \"valueSet\": "
       "\"http://example.org/missing|2.0\"},");
  EXPECT_THAT(
      load_error(),
      HasSubstr("core/StructureDefinition-Period.json: /snapshot/element/2/binding/valueSet: "
                "required ValueSet http://example.org/missing is not loaded "
                "(http://hl7.org/fhir/StructureDefinition/Period Period.end)"));
}

TEST_F(FhirValidatorLoadTest, TypeThatIsNotLoaded) {
  edit("core/StructureDefinition-Period.json", "\"code\": \"dateTime\"", "\"code\": \"HumanName\"");
  EXPECT_THAT(load_error(),
              HasSubstr("core/StructureDefinition-Period.json: "
                        "/snapshot/element/1/type/0/code: type HumanName is not loaded"));
}

TEST_F(FhirValidatorLoadTest, BaseDefinitionThatIsNotLoaded) {
  edit("test/StructureDefinition-test-patient.json",
       "\"baseDefinition\": \"http://hl7.org/fhir/StructureDefinition/Patient\"",
       "\"baseDefinition\": \"http://hl7.org/fhir/StructureDefinition/Person\"");
  EXPECT_THAT(load_error(),
              HasSubstr("StructureDefinition-test-patient.json: /baseDefinition: base "
                        "definition http://hl7.org/fhir/StructureDefinition/Person is "
                        "not loaded"));
}

TEST_F(FhirValidatorLoadTest, ProfileDefinedTwice) {
  fs::copy_file(dir_ / "test/StructureDefinition-ext-note.json",
                dir_ / "test/StructureDefinition-ext-note-copy.json");
  EXPECT_THAT(load_error(),
              HasSubstr("StructureDefinition-ext-note.json: /url: StructureDefinition "
                        "http://example.org/fhir/StructureDefinition/ext-note is defined twice"));
}

TEST_F(FhirValidatorLoadTest, MalformedElements) {
  edit("core/StructureDefinition-Period.json", "\"max\": \"1\"", "\"max\": \"many\"");
  EXPECT_THAT(load_error(),
              HasSubstr("core/StructureDefinition-Period.json: /snapshot/element/1/max: "
                        "max must be \"*\" or a number"));
}

TEST_F(FhirValidatorLoadTest, ElementWhoseParentIsMissing) {
  edit("core/StructureDefinition-Period.json", "\"path\": \"Period.end\"",
       "\"path\": \"Period.x.end\"");
  EXPECT_THAT(load_error(),
              HasSubstr("core/StructureDefinition-Period.json: /snapshot/element/2: the "
                        "parent of Period.x.end is not defined before it"));
}

TEST_F(FhirValidatorLoadTest, ContentReferenceToNothing) {
  edit("core/StructureDefinition-Patient.json", "#Patient.contact", "#Patient.nothing");
  EXPECT_THAT(load_error(), HasSubstr("contentReference: refers to no element of this definition"));
}

TEST_F(FhirValidatorLoadTest, IncompleteProfileSnapshotFallsBackToTheBase) {
  write(
      "test/StructureDefinition-partial.json",
      R"({"resourceType":"StructureDefinition","url":"http://example.org/partial","name":"Partial",)"
      R"("kind":"resource","type":"Patient","derivation":"constraint",)"
      R"("baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","snapshot":{"element":[)"
      R"({"id":"Patient","path":"Patient","min":0,"max":"*"},)"
      R"({"id":"Patient.contact","path":"Patient.contact","min":1,"max":"*","type":[{"code":"BackboneElement"}]},)"
      R"({"id":"Patient.contact.period","path":"Patient.contact.period","min":1,"max":"1","type":[{"code":"Period"}]}]}})");
  const FhirValidator validator = FhirValidator::load(dir_.string());
  const std::string head = R"({"resourceType":"Patient","status":"active","contact":[{"name":"a")";
  EXPECT_THAT(test::issue_lines(validator.validate(head + R"(,"period":{"start":"2020"}}]})",
                                                   "http://example.org/partial")),
              ::testing::IsEmpty());
  EXPECT_THAT(
      test::issue_lines(validator.validate(head + "}]}", "http://example.org/partial")),
      ::testing::ElementsAre("/contact/0/period: expected 1..1, found 0 (Patient.contact.period)"));
}

}  // namespace
}  // namespace titrate::validation
