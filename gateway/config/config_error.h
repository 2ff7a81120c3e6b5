#pragma once

#include <stdexcept>
#include <string>

namespace titrate::config {

// A configuration mistake, located by file and JSON pointer, with what was expected.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& file, const std::string& pointer, const std::string& expected)
      : std::runtime_error(file + ": " + (pointer.empty() ? "/" : pointer) + ": " + expected),
        file_(file),
        pointer_(pointer) {}
  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }

 private:
  std::string file_;
  std::string pointer_;
};

}  // namespace titrate::config
