#include "mappers/inbound/hl7v2/timing_mapping.h"

#include <optional>

#include "gateway/model/units.h"
#include "mappers/inbound/hl7v2/field_sources.h"
#include "mappers/inbound/hl7v2/readers.h"

namespace titrate::inbound {
namespace {

std::optional<int> whole_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return std::nullopt;
  int n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n > 0 ? std::optional<int>(n) : std::nullopt;
}

std::string_view interval_unit(char c) {
  switch (c) {
    case 'S':
      return "s";
    case 'M':
      return "min";
    case 'H':
      return "h";
    case 'D':
      return "d";
    case 'W':
      return "wk";
    case 'L':
      return "mo";
    default:
      return {};
  }
}

void set(model::Timing& t, int frequency, int period, std::string_view unit) {
  t.frequency = frequency;
  t.period = model::Quantity{{period, 0}, std::string(unit)};
}

std::optional<model::Quantity> read_duration(MapContext& ctx, const Located& cq,
                                             std::string_view what) {
  std::optional<model::Quantity> q = read_cq(ctx, cq, what);
  if (q && !units::same_dimension(q->unit, "min")) {
    ctx.error(part_of(cq, 2).part_where(1), "103", std::string(what) + " unit is not a time");
    return std::nullopt;
  }
  return q;
}

void map_legacy_tq(MapContext& ctx, const OrderGroup& g, model::Timing& timing) {
  const Located tq =
      first_present(ctx, {ctx.element(g.rxe, 1), ctx.element(g.orc, 7), ctx.element(g.obr, 27)});
  if (!tq.present()) return;
  timing.repeat_pattern = ctx.text(tq.value.sub(2).part(1));
  repeat_frequency(timing.repeat_pattern, timing);
  timing.start = read_datetime(ctx, part_of(tq, 4), "quantity/timing start date/time")
                     .value_or(model::DateTime{});
  timing.end = read_datetime(ctx, part_of(tq, 5), "quantity/timing end date/time")
                   .value_or(model::DateTime{});
}

}  // namespace

bool repeat_frequency(std::string_view p, model::Timing& t) {
  if (p == "QD" || p == "QAM" || p == "QPM" || p == "QHS") {
    set(t, 1, 1, "d");
  } else if (p == "QOD") {
    set(t, 1, 2, "d");
  } else if (p == "BID") {
    set(t, 2, 1, "d");
  } else if (p == "TID") {
    set(t, 3, 1, "d");
  } else if (p == "QID") {
    set(t, 4, 1, "d");
  } else if (p.size() >= 3 && p.front() == 'Q' && !interval_unit(p.back()).empty() &&
             whole_number(p.substr(1, p.size() - 2))) {
    set(t, 1, *whole_number(p.substr(1, p.size() - 2)), interval_unit(p.back()));
  } else if (p.size() >= 3 && p.substr(p.size() - 2) == "ID" &&
             whole_number(p.substr(0, p.size() - 2))) {
    set(t, *whole_number(p.substr(0, p.size() - 2)), 1, "d");
  } else {
    return false;
  }
  return true;
}

void map_timing(MapContext& ctx, const OrderGroup& g, model::Timing& timing,
                OrderSources& sources) {
  const std::optional<size_t> tq1 = g.tq1;
  const Located duration = pick(ctx, "order.duration", g.range, {ctx.element(tq1, 13, 0, "TQ1")});
  sources.duration = duration.where;
  if (!tq1) {
    map_legacy_tq(ctx, g, timing);
    if (duration.present()) timing.duration = read_duration(ctx, duration, "occurrence duration");
    return;
  }
  ctx.use(*tq1);
  timing.repeat_pattern = ctx.text(ctx.element(tq1, 3, 1).value.part(1));
  repeat_frequency(timing.repeat_pattern, timing);
  timing.count = read_count(ctx, ctx.element(tq1, 14), "TQ1-14 total occurrences");
  timing.start =
      read_datetime(ctx, ctx.element(tq1, 7), "TQ1-7 start date/time").value_or(model::DateTime{});
  timing.end =
      read_datetime(ctx, ctx.element(tq1, 8), "TQ1-8 end date/time").value_or(model::DateTime{});
  if (duration.present()) {
    timing.duration = read_duration(ctx, duration, "occurrence duration");
  } else if (timing.repeat_pattern.empty() && timing.count.value_or(1) <= 1) {
    const Located service = ctx.element(tq1, 6);
    if (service.present()) timing.duration = read_duration(ctx, service, "TQ1-6 service duration");
  }
}

}  // namespace titrate::inbound
