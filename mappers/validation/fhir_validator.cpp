#include "mappers/validation/fhir_validator.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "mappers/validation/definitions.h"
#include "mappers/validation/json_access.h"
#include "mappers/validation/resource_walker.h"

namespace titrate::validation {

struct FhirValidator::Impl {
  std::unique_ptr<detail::Definitions> defs;
};

namespace {

using detail::Definitions;
using detail::StructureDef;

// A profile named by meta.profile or by the caller, checked to apply to `type`.
const StructureDef* applicable_profile(const Definitions& defs, std::string_view url,
                                       std::string_view type, std::string& problem) {
  const StructureDef* sd = defs.structure(url);
  if (sd == nullptr) {
    problem = "profile " + std::string(detail::strip_version(url)) + " is not loaded";
  } else if (sd->type != type || sd->root == nullptr) {
    problem = "profile " + sd->url + " is for " + sd->type + ", not this resource type";
    sd = nullptr;
  }
  return sd;
}

void remove_duplicates(std::vector<ValidationIssue>& errors) {
  std::vector<ValidationIssue> unique;
  unique.reserve(errors.size());
  for (ValidationIssue& issue : errors) {
    bool seen = false;
    for (const ValidationIssue& u : unique) {
      if (u.pointer == issue.pointer && u.message == issue.message) {
        seen = true;
        break;
      }
    }
    if (!seen) unique.push_back(std::move(issue));
  }
  errors = std::move(unique);
}

ValidationResult run(const Definitions& defs, std::string_view json, std::string_view profile_url) {
  ValidationResult result;
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(json.data(),
                                                                                    json.size());
  if (doc.HasParseError()) {
    result.errors.push_back({"", std::string("not JSON: ") +
                                     rapidjson::GetParseError_En(doc.GetParseError()) +
                                     " at byte " + std::to_string(doc.GetErrorOffset())});
    return result;
  }
  if (!doc.IsObject()) {
    result.errors.push_back({"", "expected a JSON object (a resource)"});
    return result;
  }
  const rapidjson::Value* type = detail::member(doc, "resourceType");
  if (type == nullptr || !type->IsString()) {
    result.errors.push_back({"/resourceType", "expected a resourceType string"});
    return result;
  }
  const std::string_view resource_type = detail::name_of(*type);
  const StructureDef* core = defs.core_resource(resource_type);
  if (core == nullptr) {
    result.errors.push_back({"/resourceType", "no definition is loaded for this resource type"});
    return result;
  }
  detail::ResourceWalker walker(defs, result.errors);
  walker.validate(doc, *core);

  std::vector<const StructureDef*> profiles;
  const rapidjson::Value* meta = detail::member(doc, "meta");
  const rapidjson::Value* claimed = meta != nullptr ? detail::member(*meta, "profile") : nullptr;
  if (claimed != nullptr && claimed->IsArray()) {
    for (rapidjson::SizeType i = 0; i < claimed->Size(); ++i) {
      if (!(*claimed)[i].IsString()) continue;  // reported by the core pass
      std::string problem;
      const StructureDef* sd =
          applicable_profile(defs, detail::name_of((*claimed)[i]), resource_type, problem);
      if (sd == nullptr) {
        result.errors.push_back({"/meta/profile/" + std::to_string(i), problem});
      } else if (sd != core) {
        profiles.push_back(sd);
      }
    }
  }
  if (!profile_url.empty()) {
    std::string problem;
    const StructureDef* sd = applicable_profile(defs, profile_url, resource_type, problem);
    if (sd == nullptr) {
      result.errors.push_back({"", problem});
    } else if (sd != core) {
      profiles.push_back(sd);
    }
  }
  for (size_t i = 0; i < profiles.size(); ++i) {
    bool repeated = false;
    for (size_t j = 0; j < i; ++j) repeated = repeated || profiles[j] == profiles[i];
    if (!repeated) walker.validate(doc, *profiles[i]);
  }
  if (!profiles.empty()) remove_duplicates(result.errors);
  return result;
}

}  // namespace

FhirValidator::FhirValidator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FhirValidator::~FhirValidator() = default;
FhirValidator::FhirValidator(FhirValidator&&) noexcept = default;
FhirValidator& FhirValidator::operator=(FhirValidator&&) noexcept = default;

FhirValidator FhirValidator::load(const std::string& dir) {
  auto impl = std::make_unique<Impl>();
  impl->defs = Definitions::load(dir);
  return FhirValidator(std::move(impl));
}

ValidationResult FhirValidator::validate(std::string_view json) const {
  return run(*impl_->defs, json, {});
}

ValidationResult FhirValidator::validate(std::string_view json,
                                         std::string_view profile_url) const {
  return run(*impl_->defs, json, profile_url);
}

bool FhirValidator::has_profile(std::string_view url) const {
  return impl_->defs->structure(url) != nullptr;
}

}  // namespace titrate::validation
