#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "gateway/app/app_runtime.h"
#include "gateway/app/commands.h"
#include "gateway/app/text_diff.h"
#include "gateway/config/mapping_profiles.h"
#include "gateway/config/read_file.h"
#include "gateway/ingest/hl7v2_ingest.h"
#include "gateway/model/model_json.h"
#include "mappers/hl7v2/batch.h"
#include "mappers/hl7v2/message.h"
#include "mappers/inbound/fhir/map_fhir.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"

// `titrate map`: the interface engineer's tool. Maps sample messages with a profile, without a
// server, and shows the model, what was not used, and every problem with its location.
namespace titrate::app {
namespace {

namespace fs = std::filesystem;
using Profiles = std::vector<profile::MappingProfile>;

std::string read_file(const std::filesystem::path& path) {
  std::optional<std::string> bytes = config::read_file(path);
  if (!bytes) throw std::runtime_error("cannot read " + path.string());
  return std::move(*bytes);
}

struct Mapped {
  std::string label;
  std::string profile;
  model::MappedMessage message;
};

const profile::MappingProfile* named_profile(const Profiles& profiles, const std::string& name) {
  for (const auto& p : profiles) {
    if (p.name == name) return &p;
  }
  throw UsageError("no mapping profile named '" + name + "'");
}

// Maps every message of one file: a FHIR JSON resource, or one or more HL7v2 messages.
std::vector<Mapped> map_file(const fs::path& path, const Profiles& profiles, const CliArgs& args,
                             const config::Hl7v2Limits& limits) {
  const std::string bytes = read_file(path);
  const std::optional<std::string> wanted = args.value("profile");
  std::vector<Mapped> out;
  auto no_profile = [&](Mapped& m) {
    model::MappingIssue issue;
    issue.code = "207";
    issue.message = "no mapping profile matches this sender";
    m.message.issues.push_back(issue);
  };
  if (is_json_payload(bytes)) {
    Mapped m{path.filename().string(), "", {}};
    const profile::MappingProfile* p =
        wanted ? named_profile(profiles, *wanted)
               : profile::select_fhir_profile(profiles, args.value_or("client", ""));
    if (p) {
      m.profile = p->name;
      m.message = inbound::fhir::map_fhir(bytes, *p);
      m.message.source.format = "fhir";
    } else {
      no_profile(m);
    }
    out.push_back(std::move(m));
    return out;
  }
  const hl7v2::SplitResult split = hl7v2::split_messages(bytes);
  const hl7v2::ParseLimits parse_limits = ingest::parse_limits(limits);
  for (size_t i = 0; i < split.messages.size(); ++i) {
    Mapped m;
    m.label = path.filename().string() +
              (split.messages.size() > 1 ? " #" + std::to_string(i + 1) : std::string());
    const hl7v2::Message message = hl7v2::parse(split.messages[i], parse_limits);
    if (!message.ok()) {
      for (const hl7v2::Diagnostic& d : message.diagnostics()) {
        model::MappingIssue issue;
        issue.severity =
            d.severity == hl7v2::Severity::kError     ? model::MappingIssue::Severity::kError
            : d.severity == hl7v2::Severity::kWarning ? model::MappingIssue::Severity::kWarning
                                                      : model::MappingIssue::Severity::kInformation;
        issue.location = d.location.to_string();
        issue.code = d.code;
        issue.message = d.message;
        m.message.issues.push_back(std::move(issue));
      }
      out.push_back(std::move(m));
      continue;
    }
    const profile::MappingProfile* p =
        wanted ? named_profile(profiles, *wanted) : ingest::profile_for(profiles, message.header());
    if (p) {
      m.profile = p->name;
      m.message = inbound::map_hl7v2(message, *p);
      m.message.source.format = "hl7v2";
      m.message.source.control_id = message.header().control_id;
    } else {
      no_profile(m);
    }
    out.push_back(std::move(m));
  }
  return out;
}

const char* severity_name(model::MappingIssue::Severity s) {
  switch (s) {
    case model::MappingIssue::Severity::kError:
      return "error";
    case model::MappingIssue::Severity::kWarning:
      return "warning";
    case model::MappingIssue::Severity::kInformation:
      return "info";
  }
  return "?";
}

void print_mapped(const Mapped& m) {
  std::printf("== %s  (profile: %s) ==\n", m.label.c_str(),
              m.profile.empty() ? "none" : m.profile.c_str());
  if (m.message.patient || !m.message.orders.empty()) {
    std::printf("%s\n", model::to_json(m.message, /*pretty=*/true).c_str());
  }
  if (!m.message.unmapped.empty()) {
    std::printf("not used:");
    for (const std::string& u : m.message.unmapped) std::printf(" %s", u.c_str());
    std::printf("\n");
  }
  size_t width = 8;
  for (const auto& i : m.message.issues) width = std::max(width, i.location.size());
  for (const auto& i : m.message.issues) {
    std::printf("  %-7s %-*s %-14s %s\n", severity_name(i.severity), static_cast<int>(width),
                i.location.empty() ? "-" : i.location.c_str(), i.code.c_str(), i.message.c_str());
  }
  std::printf("%s\n\n", m.message.ok() ? "result: mapped" : "result: REJECTED");
}

std::string golden_text(const std::vector<Mapped>& mapped) {
  if (mapped.size() == 1) return model::to_json(mapped[0].message, true) + "\n";
  std::string out = "[\n";
  for (size_t i = 0; i < mapped.size(); ++i) {
    out += model::to_json(mapped[i].message, true);
    out += i + 1 < mapped.size() ? ",\n" : "\n";
  }
  return out + "]\n";
}

int check(const fs::path& dir, const Profiles& profiles, const CliArgs& args,
          const config::Hl7v2Limits& limits) {
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const bool expected = name.size() > 14 && name.ends_with(".expected.json");
    if (entry.is_regular_file() && !expected &&
        (name.ends_with(".hl7") || name.ends_with(".json"))) {
      inputs.push_back(entry.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  int mismatches = 0;
  for (const fs::path& input : inputs) {
    const fs::path golden = input.parent_path() / (input.stem().string() + ".expected.json");
    const std::string actual = golden_text(map_file(input, profiles, args, limits));
    if (args.flag("update")) {
      std::ofstream(golden, std::ios::binary) << actual;
      std::printf("wrote    %s\n", golden.string().c_str());
      continue;
    }
    if (!fs::exists(golden)) {
      ++mismatches;
      std::printf("MISSING  %s (run with --update to create it)\n", golden.string().c_str());
      continue;
    }
    const std::string diff = line_diff(read_file(golden), actual);
    if (diff.empty()) {
      std::printf("ok       %s\n", input.filename().string().c_str());
    } else {
      ++mismatches;
      std::printf("DIFFERS  %s  (- expected, + actual)\n%s\n", input.filename().string().c_str(),
                  diff.c_str());
    }
  }
  std::printf("%zu checked, %d differ\n", inputs.size(), mismatches);
  return mismatches == 0 ? 0 : 1;
}

}  // namespace

int run_map(const std::vector<std::string>& raw_args) {
  CliArgs args(raw_args, {"config", "profile", "client", "check", "mappings"}, {"update"});
  config::GatewayConfig config = load_config(args);
  const Profiles profiles =
      config::load_mapping_profiles(args.value_or("mappings", config.mappings_dir));
  if (auto dir = args.value("check")) return check(*dir, profiles, args, config.hl7v2);
  if (args.positional().empty()) throw UsageError("map needs at least one FILE (or --check DIR)");
  int rejected = 0;
  for (const std::string& file : args.positional()) {
    for (const Mapped& m : map_file(file, profiles, args, config.hl7v2)) {
      print_mapped(m);
      if (!m.message.ok()) ++rejected;
    }
  }
  return rejected == 0 ? 0 : 1;
}

}  // namespace titrate::app
