// Shared by the bus and store tests: a temporary directory, events, and waiting for a condition.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>

#include "gateway/bus/event.h"

namespace titrate::test {

class TempDir {
 public:
  TempDir() {
    std::string dir = (std::filesystem::temp_directory_path() / "titrate-bus-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = dir;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline bus::Event make_event(const std::string& event_id, const std::string& body = "{}",
                             const std::string& key = "urn:oid:1.2|1") {
  bus::Event e;
  e.type = "test";
  e.event_id = event_id;
  e.key = key;
  e.time.value = "2026-11-21T08:30:00.000Z";
  e.body = body;
  return e;
}

// prefix + n (GCC 12 warns falsely about "literal" + std::to_string(n): -Wrestrict).
inline std::string numbered(std::string prefix, long long n, std::string_view suffix = {}) {
  prefix += std::to_string(n);
  prefix += suffix;
  return prefix;
}

// Polls `condition` until it holds or the deadline passes; returns its last value.
template <typename Fn>
bool eventually(Fn condition, std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > end) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace titrate::test
