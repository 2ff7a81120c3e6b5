#pragma once

#include <string>
#include <string_view>

namespace titrate::app {

// A unified-style line diff of two texts ("-" expected, "+" actual, two lines of context),
// empty when they are equal. Inputs are small (golden files), so an LCS table is fine.
std::string line_diff(std::string_view expected, std::string_view actual);

}  // namespace titrate::app
