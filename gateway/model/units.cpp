#include "gateway/model/units.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace titrate::units {
namespace {

// Unit factors multiplied out can pass 10^18 before they reduce; 128 bits keep them exact.
using Int = __int128;

constexpr int kMaxDigits = 18;
constexpr Int kMaxMantissa = 999'999'999'999'999'999;

struct Dimension {
  int mass = 0, length = 0, time = 0;  // volume is length^3
  bool operator==(const Dimension&) const = default;
};

struct Atom {
  std::string_view code;
  int64_t num, den;  // size in g, m, m^3 or s
  Dimension dim;
};

constexpr Dimension kMass{1, 0, 0}, kLength{0, 1, 0}, kVolume{0, 3, 0}, kTime{0, 0, 1};

constexpr std::array kAtoms{
    Atom{"ug", 1, 1'000'000, kMass},
    Atom{"mg", 1, 1'000, kMass},
    Atom{"g", 1, 1, kMass},
    Atom{"kg", 1'000, 1, kMass},
    Atom{"[lb_av]", 45'359'237, 100'000, kMass},  // exactly 453.59237 g
    Atom{"[oz_av]", 45'359'237, 1'600'000, kMass},
    Atom{"mm", 1, 1'000, kLength},
    Atom{"cm", 1, 100, kLength},
    Atom{"m", 1, 1, kLength},
    Atom{"[in_i]", 127, 5'000, kLength},  // exactly 2.54 cm
    Atom{"[ft_i]", 381, 1'250, kLength},
    Atom{"uL", 1, 1'000'000'000, kVolume},
    Atom{"mL", 1, 1'000'000, kVolume},
    Atom{"L", 1, 1'000, kVolume},
    Atom{"s", 1, 1, kTime},
    Atom{"min", 60, 1, kTime},
    Atom{"h", 3'600, 1, kTime},
    Atom{"d", 86'400, 1, kTime},
    Atom{"wk", 604'800, 1, kTime},
};

struct Rational {
  Int num = 1, den = 1;
};

Int gcd(Int a, Int b) {
  if (a < 0) a = -a;
  while (b != 0) {
    Int t = a % b;
    a = b;
    b = t;
  }
  return a;
}

bool multiply(Rational& r, Int num, Int den) {
  const Int g1 = gcd(num, r.den), g2 = gcd(r.num, den);
  num /= g1;
  r.den /= g1;
  den /= g2;
  r.num /= g2;
  return !__builtin_mul_overflow(r.num, num, &r.num) && !__builtin_mul_overflow(r.den, den, &r.den);
}

// Largest k with 10^k <= num/den (num, den > 0).
int floor_log10(const Rational& r) {
  int k = 0;
  if (r.num >= r.den) {
    for (Int t = r.den; t <= r.num / 10; t *= 10) ++k;
  } else {
    for (Int t = r.num; t < r.den; t *= 10) --k;
  }
  return k;
}

bool scale_by_pow10(Int& value, int exponent) {
  for (int i = 0; i < exponent; ++i) {
    if (__builtin_mul_overflow(value, Int{10}, &value)) return false;
  }
  return true;
}

struct Unit {
  Rational factor;
  Dimension dim;
};

const Atom* find_atom(std::string_view code) {
  for (const Atom& atom : kAtoms) {
    if (atom.code == code) return &atom;
  }
  return nullptr;
}

bool apply_term(std::string_view term, bool divide, Unit& unit) {
  if (term.size() >= 2 && term.front() == '(' && term.back() == ')') {
    term = term.substr(1, term.size() - 2);
  }
  const int sign = divide ? -1 : 1;
  while (true) {
    const size_t dot = term.find('.');
    const Atom* atom = find_atom(term.substr(0, dot));
    if (atom == nullptr) return false;
    if (!multiply(unit.factor, divide ? atom->den : atom->num, divide ? atom->num : atom->den)) {
      return false;
    }
    unit.dim.mass += sign * atom->dim.mass;
    unit.dim.length += sign * atom->dim.length;
    unit.dim.time += sign * atom->dim.time;
    if (dot == std::string_view::npos) return true;
    term.remove_prefix(dot + 1);
  }
}

std::optional<Unit> parse_unit(std::string_view expr) {
  if (expr.empty()) return std::nullopt;
  Unit unit;
  size_t slash = expr.find('/');
  // A leading '/' is the UCUM reciprocal ("/min"); otherwise the first term is the numerator.
  if (slash != 0 && !apply_term(expr.substr(0, slash), false, unit)) return std::nullopt;
  while (slash != std::string_view::npos) {
    expr.remove_prefix(slash + 1);
    slash = expr.find('/');
    if (!apply_term(expr.substr(0, slash), true, unit)) return std::nullopt;
  }
  return unit;
}

// UCUM codes accepted as they are although convert() does not know them.
constexpr std::array<std::string_view, 6> kPassThrough{"%",      "mm[Hg]", "Cel",
                                                       "[degF]", "kg/m2",  "m2"};

struct Synonym {
  std::string_view upper;  // ASCII upper case of the received spelling
  std::string_view ucum;
};

constexpr std::array kSynonyms{
    Synonym{"UG", "ug"},        Synonym{"MCG", "ug"},
    Synonym{"\xC2\xB5G", "ug"}, Synonym{"\xCE\xBCG", "ug"},
    Synonym{"MG", "mg"},        Synonym{"G", "g"},
    Synonym{"GM", "g"},         Synonym{"KG", "kg"},
    Synonym{"KGS", "kg"},       Synonym{"LB", "[lb_av]"},
    Synonym{"LBS", "[lb_av]"},  Synonym{"[LB_AV]", "[lb_av]"},
    Synonym{"OZ", "[oz_av]"},   Synonym{"[OZ_AV]", "[oz_av]"},
    Synonym{"MM", "mm"},        Synonym{"CM", "cm"},
    Synonym{"M", "m"},          Synonym{"IN", "[in_i]"},
    Synonym{"INCH", "[in_i]"},  Synonym{"[IN_I]", "[in_i]"},
    Synonym{"FT", "[ft_i]"},    Synonym{"[FT_I]", "[ft_i]"},
    Synonym{"UL", "uL"},        Synonym{"MCL", "uL"},
    Synonym{"\xC2\xB5L", "uL"}, Synonym{"\xCE\xBCL", "uL"},
    Synonym{"ML", "mL"},        Synonym{"L", "L"},
    Synonym{"S", "s"},          Synonym{"SEC", "s"},
    Synonym{"MIN", "min"},      Synonym{"H", "h"},
    Synonym{"HR", "h"},         Synonym{"HRS", "h"},
    Synonym{"D", "d"},          Synonym{"DAY", "d"},
    Synonym{"WK", "wk"},
};

std::optional<std::string_view> synonym(std::string_view token) {
  std::string upper(token);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  for (const Synonym& s : kSynonyms) {
    if (s.upper == upper) return s.ucum;
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<model::Quantity> convert(const model::Quantity& q, std::string_view to_unit) {
  const std::optional<Unit> from = parse_unit(q.unit);
  const std::optional<Unit> to = parse_unit(to_unit);
  if (!from || !to || from->dim != to->dim) return std::nullopt;
  Rational ratio = from->factor;
  if (!multiply(ratio, to->factor.den, to->factor.num)) return std::nullopt;

  // Keep the input's resolution in the new unit, computed with two guard digits.
  const int64_t input_scale = q.value.scale;
  const int resolution =
      static_cast<int>(std::clamp<int64_t>(input_scale - floor_log10(ratio), 0, kMaxDigits));
  const int working = std::min(resolution + 2, kMaxDigits);
  const int64_t shift = working - input_scale;
  if (shift > 38 || shift < -38) return std::nullopt;
  Int num = q.value.mantissa, den = ratio.den;
  if (__builtin_mul_overflow(num, ratio.num, &num)) return std::nullopt;
  if (!scale_by_pow10(shift >= 0 ? num : den, static_cast<int>(shift >= 0 ? shift : -shift))) {
    return std::nullopt;
  }
  Int result = num / den;
  const Int remainder = num % den < 0 ? -(num % den) : num % den;
  if (remainder >= den - remainder) result += num < 0 ? -1 : 1;  // half away from zero

  int scale = working;
  while (scale > resolution && result % 10 == 0) {
    result /= 10;
    --scale;
  }
  if (result > kMaxMantissa || result < -kMaxMantissa) return std::nullopt;
  return model::Quantity{model::Decimal{static_cast<int64_t>(result), scale}, std::string(to_unit)};
}

bool same_dimension(std::string_view a, std::string_view b) {
  const std::optional<Unit> ua = parse_unit(a);
  const std::optional<Unit> ub = parse_unit(b);
  return ua && ub && ua->dim == ub->dim;
}

std::optional<std::string> canonical_ucum(std::string_view unit) {
  unit = trim(unit);
  if (parse_unit(unit) ||
      std::find(kPassThrough.begin(), kPassThrough.end(), unit) != kPassThrough.end()) {
    return std::string(unit);
  }
  // Rewrite atom by atom, keeping the operators and parentheses.
  std::string out;
  size_t start = 0;
  for (size_t i = 0; i <= unit.size(); ++i) {
    if (i < unit.size() && unit[i] != '/' && unit[i] != '.' && unit[i] != '(' && unit[i] != ')') {
      continue;
    }
    if (i > start) {
      const std::optional<std::string_view> ucum = synonym(unit.substr(start, i - start));
      if (!ucum) return std::nullopt;
      out += *ucum;
    }
    if (i < unit.size()) out += unit[i];
    start = i + 1;
  }
  if (!parse_unit(out)) return std::nullopt;
  return out;
}

}  // namespace titrate::units
