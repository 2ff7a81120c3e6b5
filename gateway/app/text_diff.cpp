#include "gateway/app/text_diff.h"

#include <algorithm>
#include <vector>

namespace titrate::app {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

struct Edit {
  char kind;  // ' ', '-', '+'
  std::string_view line;
};

}  // namespace

std::string line_diff(std::string_view expected, std::string_view actual) {
  const auto a = lines_of(expected);
  const auto b = lines_of(actual);
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Edit> edits;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      edits.push_back({' ', a[i++]});
      ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      edits.push_back({'+', b[j++]});
    } else {
      edits.push_back({'-', a[i++]});
    }
  }
  constexpr size_t kContext = 2;
  std::string out;
  size_t last_printed = 0;
  bool any = false;
  for (size_t k = 0; k < edits.size(); ++k) {
    if (edits[k].kind == ' ') continue;
    const size_t from = k >= kContext ? k - kContext : 0;
    if (any && from > last_printed) out += "  ...\n";
    for (size_t c = std::max(from, last_printed); c < k; ++c)
      out.append("  ").append(edits[c].line).append("\n");
    size_t end = k;
    while (end < edits.size() && edits[end].kind != ' ') {
      out.push_back(edits[end].kind);
      out.append(" ").append(edits[end].line).append("\n");
      ++end;
    }
    const size_t context_end = std::min(edits.size(), end + kContext);
    for (size_t c = end; c < context_end && edits[c].kind == ' '; ++c) {
      out.append("  ").append(edits[c].line).append("\n");
    }
    last_printed = context_end;
    k = end - 1;
    any = true;
  }
  return out;
}

}  // namespace titrate::app
