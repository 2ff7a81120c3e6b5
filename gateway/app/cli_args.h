#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace titrate::app {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "--name value" options and positional arguments of one subcommand. Options not declared
// as flags take a value; an undeclared option is a usage error.
class CliArgs {
 public:
  CliArgs(const std::vector<std::string>& args, const std::vector<std::string>& value_options,
          const std::vector<std::string>& flags = {});

  std::optional<std::string> value(const std::string& name) const;
  std::string value_or(const std::string& name, const std::string& fallback) const;
  std::optional<long> number(const std::string& name, long min, long max) const;
  bool flag(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> flags_set_;
  std::vector<std::string> positional_;
};

}  // namespace titrate::app
