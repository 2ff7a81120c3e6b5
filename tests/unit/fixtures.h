#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace titrate::test {

// The bytes of tests/fixtures/<relative>, exactly as stored.
inline std::string read_fixture(const std::string& relative) {
  std::ifstream in(std::string(TITRATE_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << relative;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace titrate::test
