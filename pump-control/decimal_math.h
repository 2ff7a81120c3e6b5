#pragma once

#include <optional>

#include "gateway/model/values.h"

// Exact arithmetic on model::Decimal for delivered-versus-planned checks and doses. Results
// that do not fit a Decimal (18 digits) are nullopt; callers treat that as "cannot check".
namespace titrate::pump_control::decimal {

// -1, 0 or 1; exact for any two Decimals.
int compare(const model::Decimal& a, const model::Decimal& b);
std::optional<model::Decimal> add(const model::Decimal& a, const model::Decimal& b);
std::optional<model::Decimal> subtract(const model::Decimal& a, const model::Decimal& b);
std::optional<model::Decimal> multiply(const model::Decimal& a, const model::Decimal& b);
// a ÷ b rounded half away from zero at max_scale decimals, then without trailing zeros beyond
// a's scale (40.0 × 500 ÷ 500 -> 40.0; 1 ÷ 3 at 4 -> 0.3333). nullopt for b = 0.
std::optional<model::Decimal> divide(const model::Decimal& a, const model::Decimal& b,
                                     int max_scale);
model::Decimal abs(const model::Decimal& a);
// The same value without trailing fractional zeros beyond min_scale (12.500 -> 12.5).
model::Decimal trim(const model::Decimal& a, int min_scale = 0);

}  // namespace titrate::pump_control::decimal
