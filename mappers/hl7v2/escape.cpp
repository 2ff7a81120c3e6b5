#include "mappers/hl7v2/escape.h"

#include <array>

#include "mappers/hl7v2/escape_sequences.h"

namespace titrate::hl7v2 {
namespace detail {
namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return c - 'a' + 10;
}
bool all_hex(std::string_view s) {
  for (char c : s) {
    if (!is_hex(c)) return false;
  }
  return true;
}
bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Formatting commands of the FT data type: ".br", ".sp[+n]", ".in[+-n]" ...
bool is_formatting(std::string_view body) {
  if (body.size() < 3 || body[0] != '.') return false;
  std::string_view cmd = body.substr(1, 2);
  std::string_view arg = body.substr(3);
  if (cmd == "br" || cmd == "ce" || cmd == "fi" || cmd == "nf") return arg.empty();
  if (cmd == "sp" || cmd == "sk" || cmd == "in" || cmd == "ti") {
    if (!arg.empty() && (arg[0] == '+' || arg[0] == '-')) {
      arg.remove_prefix(1);
      if (arg.empty()) return false;
    }
    return all_digits(arg);
  }
  return false;
}

}  // namespace

EscapeInfo classify_escape(std::string_view body, const Delimiters& d) {
  if (body.size() == 1) {
    char delim = '\0';
    switch (body[0]) {
      case 'F':
        delim = d.field;
        break;
      case 'S':
        delim = d.component;
        break;
      case 'T':
        delim = d.subcomponent;
        break;
      case 'R':
        delim = d.repetition;
        break;
      case 'E':
        delim = d.escape;
        break;
      case 'P':
        delim = d.truncation;
        break;
      case 'H':
      case 'N':
        return {EscapeKind::kVerbatim};
      default:
        break;
    }
    if (delim != '\0') return {EscapeKind::kDelimiter, delim};
    return {};
  }
  if (body.empty()) return {};
  std::string_view rest = body.substr(1);
  switch (body[0]) {
    case 'X':
      if (!rest.empty() && rest.size() % 2 == 0 && all_hex(rest)) return {EscapeKind::kHex};
      return {};
    case 'Z':
      return {EscapeKind::kVerbatim};
    case 'C':
      if (rest.size() == 4 && all_hex(rest)) return {EscapeKind::kVerbatim};
      return {};
    case 'M':
      if ((rest.size() == 4 || rest.size() == 6) && all_hex(rest)) return {EscapeKind::kVerbatim};
      return {};
    case '.':
      if (is_formatting(body)) return {EscapeKind::kVerbatim};
      return {};
    default:
      return {};
  }
}

bool decode_hex(std::string_view body, std::string& out) {
  if (body.empty() || body[0] != 'X') return false;
  std::string_view hex = body.substr(1);
  if (hex.empty() || hex.size() % 2 != 0 || !all_hex(hex)) return false;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out += static_cast<char>(hex_value(hex[i]) * 16 + hex_value(hex[i + 1]));
  }
  return true;
}

size_t sequence_end(std::string_view s, size_t i, const Delimiters& d) {
  size_t j = i + 1;
  while (j < s.size()) {
    char c = s[j];
    if (c == d.escape || d.is_separator(c) || c == '\r' || c == '\n') break;
    ++j;
  }
  return j;
}

}  // namespace detail

namespace {

using detail::EscapeKind;

void report(std::vector<Diagnostic>* out, const Location& where, size_t offset,
            std::string_view what) {
  if (out == nullptr) return;
  Diagnostic diag;
  diag.severity = Severity::kWarning;
  diag.location = where;
  diag.location.byte_offset = where.byte_offset + offset;
  diag.code = "102";
  diag.message = std::string(what);
  out->push_back(std::move(diag));
}

void append_hex_escape(unsigned char c, char esc, std::string& out) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  out += esc;
  out += 'X';
  out += kDigits[c >> 4];
  out += kDigits[c & 0xF];
  out += esc;
}

// Length of the sequence starting at text[i] (the escape character) when unescape() would have
// kept it verbatim; 0 otherwise.
size_t verbatim_length(std::string_view text, size_t i, const Delimiters& d) {
  size_t j = detail::sequence_end(text, i, d);
  if (j >= text.size() || text[j] != d.escape) return 0;
  auto info = detail::classify_escape(text.substr(i + 1, j - i - 1), d);
  return info.kind == EscapeKind::kVerbatim ? j - i + 1 : 0;
}

}  // namespace

std::string unescape(std::string_view raw, const Delimiters& d, std::vector<Diagnostic>* unknown,
                     const Location& where) {
  size_t i = d.escape == '\0' ? std::string_view::npos : raw.find(d.escape);
  if (i == std::string_view::npos) return std::string(raw);
  std::string out;
  out.reserve(raw.size());
  out.append(raw.substr(0, i));
  while (i < raw.size()) {
    if (raw[i] != d.escape) {
      size_t next = raw.find(d.escape, i);
      if (next == std::string_view::npos) next = raw.size();
      out.append(raw.substr(i, next - i));
      i = next;
      continue;
    }
    size_t j = detail::sequence_end(raw, i, d);
    if (j >= raw.size() || raw[j] != d.escape) {
      report(unknown, where, i, "unterminated escape sequence kept verbatim");
      out.append(raw.substr(i, j - i));
      i = j;
      continue;
    }
    std::string_view body = raw.substr(i + 1, j - i - 1);
    auto info = detail::classify_escape(body, d);
    switch (info.kind) {
      case EscapeKind::kDelimiter:
        out += info.delimiter;
        break;
      case EscapeKind::kHex:
        detail::decode_hex(body, out);
        break;
      case EscapeKind::kVerbatim:
        out.append(raw.substr(i, j - i + 1));
        break;
      case EscapeKind::kUnknown:
        report(unknown, where, i, "unknown escape sequence kept verbatim");
        out.append(raw.substr(i, j - i + 1));
        break;
    }
    i = j + 1;
  }
  return out;
}

bool has_unknown_escape(std::string_view raw, const Delimiters& d) {
  if (d.escape == '\0') return false;
  size_t i = raw.find(d.escape);
  while (i != std::string_view::npos) {
    size_t j = detail::sequence_end(raw, i, d);
    if (j >= raw.size() || raw[j] != d.escape) return true;
    auto info = detail::classify_escape(raw.substr(i + 1, j - i - 1), d);
    if (info.kind == EscapeKind::kUnknown) return true;
    i = raw.find(d.escape, j + 1);
  }
  return false;
}

void escape_append(std::string_view text, const Delimiters& d, std::string& out) {
  // Bytes that need attention; everything else is copied in runs.
  std::array<bool, 256> special{};
  for (int c = 0; c < 0x20; ++c) special[static_cast<size_t>(c)] = c != '\t';
  special[0x7F] = true;
  for (char c : {d.field, d.component, d.repetition, d.escape, d.subcomponent, d.truncation}) {
    if (c != '\0') special[static_cast<unsigned char>(c)] = true;
  }
  out.reserve(out.size() + text.size());
  const char esc = d.escape;
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!special[static_cast<unsigned char>(c)]) continue;
    out.append(text.substr(run, i - run));
    run = i + 1;
    if (esc == '\0') {  // no escape character declared: a separator cannot be represented
      out += d.is_separator(c) ? ' ' : c;
      continue;
    }
    char code = '\0';
    if (c == esc) {
      if (size_t len = verbatim_length(text, i, d)) {
        out.append(text.substr(i, len));
        i += len - 1;
        run = i + 1;
        continue;
      }
      code = 'E';
    } else if (c == d.field) {
      code = 'F';
    } else if (c == d.component) {
      code = 'S';
    } else if (c == d.repetition) {
      code = 'R';
    } else if (c == d.subcomponent) {
      code = 'T';
    } else if (c == d.truncation) {
      code = 'P';
    }
    if (code != '\0') {
      out += esc;
      out += code;
      out += esc;
    } else {
      append_hex_escape(static_cast<unsigned char>(c), esc, out);
    }
  }
  out.append(text.substr(run));
}

std::string escape(std::string_view text, const Delimiters& d) {
  std::string out;
  escape_append(text, d, out);
  return out;
}

std::string to_plain_text(std::string_view text, char esc) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t k = text.find(esc, i);
    if (k == std::string_view::npos) k = text.size();
    out.append(text.substr(i, k - i));
    if (k >= text.size()) break;
    size_t j = text.find(esc, k + 1);
    if (j == std::string_view::npos) {
      out.append(text.substr(k));
      break;
    }
    std::string_view body = text.substr(k + 1, j - k - 1);
    auto count = [&](std::string_view arg) {
      if (!arg.empty() && (arg[0] == '+' || arg[0] == '-')) arg.remove_prefix(1);
      size_t n = 0;
      for (char c : arg) n = n * 10 + static_cast<size_t>(c - '0');
      return n;
    };
    Delimiters d;
    d.escape = esc;
    auto kind = detail::classify_escape(body, d).kind;
    if (kind != EscapeKind::kVerbatim) {
      // Not a formatting sequence: a literal escape character, keep it and rescan after it.
      out += esc;
      i = k + 1;
      continue;
    }
    std::string_view cmd = body.size() >= 3 ? body.substr(1, 2) : std::string_view{};
    if (body[0] == '.' && (cmd == "br" || cmd == "ce")) {
      out += '\n';
    } else if (body[0] == '.' && cmd == "sp") {
      size_t n = body.size() > 3 ? count(body.substr(3)) : 1;
      out.append(n == 0 ? 1 : std::min<size_t>(n, 100), '\n');
    } else if (body[0] == '.' && cmd == "sk") {
      out.append(std::min<size_t>(count(body.substr(3)), 100), ' ');
    }
    i = j + 1;
  }
  return out;
}

}  // namespace titrate::hl7v2
