#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "gateway/app/app_runtime.h"
#include "gateway/app/commands.h"
#include "gateway/config/read_file.h"
#include "mappers/validation/fhir_validator.h"

// `titrate validate`: checks FHIR R4 resources against the definitions the gateway validates
// its outbound resources with (the config's fhir_profiles folder), printing each problem with
// its JSON pointer. Exit 0 when every file is valid, 1 otherwise.
namespace titrate::app {

int run_validate(const std::vector<std::string>& args) {
  const CliArgs cli(args, {"config", "profiles", "profile"});
  if (cli.positional().empty()) throw UsageError("validate expects one or more FILEs");
  const std::string profiles =
      cli.value("profiles") ? *cli.value("profiles") : load_config(cli).fhir_profiles;
  const validation::FhirValidator validator = validation::FhirValidator::load(profiles);
  const std::optional<std::string> profile = cli.value("profile");
  if (profile && !validator.has_profile(*profile)) {
    throw UsageError("no profile " + *profile + " in " + profiles);
  }
  int invalid = 0;
  for (const std::string& file : cli.positional()) {
    const std::optional<std::string> json = config::read_file(std::filesystem::path(file));
    if (!json) throw std::runtime_error("cannot read " + file);
    const validation::ValidationResult result =
        profile ? validator.validate(*json, *profile) : validator.validate(*json);
    if (result.ok()) {
      std::printf("%s: valid\n", file.c_str());
      continue;
    }
    ++invalid;
    for (const validation::ValidationIssue& issue : result.errors) {
      std::printf("%s: %s: %s\n", file.c_str(), issue.pointer.empty() ? "/" : issue.pointer.c_str(),
                  issue.message.c_str());
    }
  }
  return invalid == 0 ? 0 : 1;
}

}  // namespace titrate::app
