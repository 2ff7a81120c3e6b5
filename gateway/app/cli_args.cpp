#include "gateway/app/cli_args.h"

#include <algorithm>
#include <cstdlib>

namespace titrate::app {

CliArgs::CliArgs(const std::vector<std::string>& args,
                 const std::vector<std::string>& value_options,
                 const std::vector<std::string>& flags) {
  auto declared = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (declared(flags, name)) {
      flags_set_.push_back(name);
    } else if (declared(value_options, name)) {
      if (inline_value) {
        values_[name] = *inline_value;
      } else if (i + 1 < args.size()) {
        values_[name] = args[++i];
      } else {
        throw UsageError("--" + name + " needs a value");
      }
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

std::optional<std::string> CliArgs::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string CliArgs::value_or(const std::string& name, const std::string& fallback) const {
  return value(name).value_or(fallback);
}

std::optional<long> CliArgs::number(const std::string& name, long min, long max) const {
  auto text = value(name);
  if (!text) return std::nullopt;
  char* end = nullptr;
  long n = std::strtol(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || n < min || n > max) {
    throw UsageError("--" + name + " expects a number from " + std::to_string(min) + " to " +
                     std::to_string(max));
  }
  return n;
}

bool CliArgs::flag(const std::string& name) const {
  return std::find(flags_set_.begin(), flags_set_.end(), name) != flags_set_.end();
}

}  // namespace titrate::app
