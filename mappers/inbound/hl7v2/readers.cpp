#include "mappers/inbound/hl7v2/readers.h"

#include <algorithm>

#include "mappers/inbound/hl7v2/hl7_datetime.h"

namespace titrate::inbound {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool is_number(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

std::optional<model::DateTime> report(MapContext& ctx, const Located& at, const DtmResult& r,
                                      std::string_view what) {
  switch (r.status) {
    case DtmStatus::kOk:
      return r.value;
    case DtmStatus::kMalformed:
      ctx.error(at.where, "102", std::string(what) + " is not a valid HL7 date/time (DTM)");
      return std::nullopt;
    case DtmStatus::kMissingOffset:
      ctx.error(at.where, "102",
                std::string(what) +
                    " has a time without a UTC offset, which this sender's "
                    "profile does not accept");
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

Located part_of(const Located& element, size_t n) {
  Located out;
  out.value = element.value.sub(n);
  out.where = element.part_where(n);
  out.segment = element.segment;
  return out;
}

std::optional<model::DateTime> read_datetime(MapContext& ctx, const Located& at,
                                             std::string_view what) {
  if (!at.present()) return std::nullopt;
  return report(ctx, at, to_fhir_datetime(at.value.part(1), ctx.profile().timestamps), what);
}

std::optional<model::DateTime> read_date(MapContext& ctx, const Located& at,
                                         std::string_view what) {
  if (!at.present()) return std::nullopt;
  return report(ctx, at, to_fhir_date(at.value.part(1)), what);
}

std::optional<model::Decimal> read_decimal(MapContext& ctx, const Located& at,
                                           std::string_view what) {
  if (!at.present()) return std::nullopt;
  std::optional<model::Decimal> value = model::Decimal::parse(trim(at.value.part(1)));
  if (!value) ctx.error(at.where, "102", std::string(what) + " is not a number (NM)");
  return value;
}

std::optional<int> read_count(MapContext& ctx, const Located& at, std::string_view what) {
  std::optional<model::Decimal> value = read_decimal(ctx, at, what);
  if (!value) return std::nullopt;
  if (value->scale != 0 || value->mantissa < 0 || value->mantissa > 100'000) {
    ctx.error(at.where, "102", std::string(what) + " is not a whole number of occurrences");
    return std::nullopt;
  }
  return static_cast<int>(value->mantissa);
}

std::optional<std::string> read_unit(MapContext& ctx, const Located& unit, std::string_view what) {
  const std::string_view code = unit.value.part(1);
  const std::string_view text = unit.value.part(2);
  if ((code.empty() || code == "\"\"") && text.empty()) {
    ctx.error(unit.where, "101", std::string(what) + " has no unit");
    return std::nullopt;
  }
  // The identifier first; senders that put a local code there ("43^mg/hr") spell the unit in
  // the text. A bare number is a local code, never a dose unit.
  for (std::string_view raw : {code, text}) {
    if (raw.empty() || is_number(raw)) continue;
    if (std::optional<std::string> ucum = profile::to_ucum(ctx.profile(), ctx.text(raw))) {
      return ucum;
    }
  }
  ctx.error(unit.part_where(code.empty() ? 2 : 1), "103",
            std::string(what) + " unit is not UCUM and not in the profile's unit map");
  return std::nullopt;
}

std::optional<model::Quantity> read_quantity(MapContext& ctx, const Located& amount,
                                             const Located& unit, std::string_view what) {
  if (!amount.present()) return std::nullopt;
  std::optional<model::Decimal> value = read_decimal(ctx, amount, what);
  std::optional<std::string> ucum = read_unit(ctx, unit, what);
  if (!value || !ucum) return std::nullopt;
  return model::Quantity{*value, std::move(*ucum)};
}

std::optional<model::Quantity> read_cq(MapContext& ctx, const Located& cq, std::string_view what) {
  return read_quantity(ctx, part_of(cq, 1), part_of(cq, 2), what);
}

}  // namespace titrate::inbound
