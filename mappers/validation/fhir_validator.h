#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// The FHIR R4 validator: checks a resource's JSON against the StructureDefinitions (snapshots)
// and ValueSets of fhir-profiles/ — the core definitions of the resource and data types we
// handle, and Titrate's profiles and extensions. Pure: loads from files once, then validates
// from any thread.
namespace titrate::validation {

// One problem, located by a JSON pointer into the resource ("/dosage/rateQuantity/code").
// Messages name the rule and the definition, never the element's value (it may be PHI).
struct ValidationIssue {
  std::string pointer;
  std::string message;
};

struct ValidationResult {
  std::vector<ValidationIssue> errors;
  bool ok() const { return errors.empty(); }
};

// A definition file that cannot be used: the message names the file and a JSON pointer.
class ProfileLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FhirValidator {
 public:
  // Loads every StructureDefinition, ValueSet and CodeSystem (*.json) under `dir`, recursively.
  // Throws ProfileLoadError.
  static FhirValidator load(const std::string& dir);
  ~FhirValidator();
  FhirValidator(FhirValidator&&) noexcept;
  FhirValidator& operator=(FhirValidator&&) noexcept;

  // Against the core definition of its resourceType and every loaded profile named in
  // meta.profile (a profile that is not loaded is an error).
  ValidationResult validate(std::string_view json) const;
  // The same, and against `profile_url` as well.
  ValidationResult validate(std::string_view json, std::string_view profile_url) const;

  bool has_profile(std::string_view url) const;

 private:
  struct Impl;
  explicit FhirValidator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace titrate::validation
