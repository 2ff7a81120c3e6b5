#include "mappers/inbound/hl7v2/dose_mapping.h"

#include <optional>
#include <string>
#include <string_view>

#include "mappers/inbound/hl7v2/dose_units.h"
#include "mappers/inbound/hl7v2/field_sources.h"
#include "mappers/inbound/hl7v2/readers.h"

namespace titrate::inbound {
namespace {

// Field numbers of an amount and its unit in RXE and in RXO.
struct AmountFields {
  uint32_t rxe_amount, rxe_unit, rxo_amount, rxo_unit;
};

struct AmountSource {
  Located amount, unit;
  std::optional<size_t> segment;  // the standard detail segment read (for RXE-4, RXE-22)
  bool relocated = false;
};

// The standard pair: from the first detail segment (RXE, then RXO) that has the amount.
AmountSource standard_pair(const MapContext& ctx, const OrderGroup& g, AmountFields f) {
  AmountSource s;
  const bool rde = g.detail_id == "RXE";
  if (g.rxe && ctx.element(g.rxe, f.rxe_amount).present()) {
    s.segment = g.rxe;
  } else if (g.rxo && ctx.element(g.rxo, f.rxo_amount).present()) {
    s.segment = g.rxo;
  } else {
    s.segment = g.primary();
  }
  const bool use_rxe = s.segment ? s.segment == g.rxe : rde;
  const std::string_view id = use_rxe ? "RXE" : "RXO";
  s.amount = ctx.element(s.segment, use_rxe ? f.rxe_amount : f.rxo_amount, 0, id);
  s.unit = ctx.element(s.segment, use_rxe ? f.rxe_unit : f.rxo_unit, 0, id);
  return s;
}

// The standard pair with the profile's overrides for the amount and the unit on top; the
// segments of the elements taken are marked used.
AmountSource with_overrides(MapContext& ctx, const OrderGroup& g, AmountSource s,
                            std::string_view amount_name, std::string_view unit_name) {
  if (std::optional<Located> a = override_location(ctx, amount_name, g.range); a && a->present()) {
    s.amount = *a;
    s.relocated = true;
  }
  if (std::optional<Located> u = override_location(ctx, unit_name, g.range); u && u->present()) {
    s.unit = *u;
  }
  for (const Located* l : {&s.amount, &s.unit}) {
    if (l->present() && l->segment) ctx.use(*l->segment);
  }
  return s;
}

// A quantity read as a rate: with a time unit as is, else per the give-per interval.
std::optional<model::Quantity> as_rate(MapContext& ctx, model::Quantity q, const Located& unit,
                                       const Located& give_per, std::string_view what) {
  const UnitKind kind = classify_unit(q.unit);
  if (is_rate(kind)) return q;
  if (kind != UnitKind::kMass && kind != UnitKind::kMassPerWeight && kind != UnitKind::kVolume) {
    ctx.error(unit.part_where(1), "103",
              std::string(what) + " unit is neither a dose rate nor a volume rate");
    return std::nullopt;
  }
  if (!give_per.present()) {
    ctx.error(give_per.where, "101",
              std::string(what) + " unit has no time unit and the give-per interval is empty");
    return std::nullopt;
  }
  if (give_per.segment) ctx.use(*give_per.segment);
  std::optional<GivePer> per = parse_give_per(give_per.value.part(1));
  std::optional<model::Quantity> rate = per ? per_interval(q, *per) : std::nullopt;
  if (!rate) {
    ctx.error(give_per.where, "102",
              "give-per interval is not S, M, H, D or W followed by a whole number");
  }
  return rate;
}

Located give_per_of(const MapContext& ctx, const OrderGroup& g, const AmountSource& rate) {
  const bool rxe = rate.segment && rate.segment == g.rxe;
  return ctx.element(rate.segment, rxe ? 22 : 17, 0, rxe ? "RXE" : "RXO");
}

void map_dose(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order,
              OrderSources& sources) {
  const AmountSource s =
      with_overrides(ctx, g, standard_pair(ctx, g, {3, 5, 2, 4}), "order.dose", "order.dose_unit");
  sources.dose = s.amount.where;
  sources.dose_unit = s.unit.where;
  std::optional<model::Quantity> q = read_quantity(ctx, s.amount, s.unit, "dose");
  if (!q) return;
  if (!s.relocated && s.segment) {
    const Located maximum = ctx.element(s.segment, s.segment == g.rxe ? 4 : 3);
    const std::optional<model::Decimal> max = model::Decimal::parse(maximum.value.part(1));
    if (maximum.present() && (!max || max->to_double() != q->value.to_double())) {
      ctx.warning(maximum.where, "102",
                  "a maximum give amount (a dose range) is not supported; the minimum is used");
    }
  }
  switch (classify_unit(q->unit)) {
    case UnitKind::kMass:
    case UnitKind::kMassPerWeight:
      order.dose = std::move(q);
      return;
    case UnitKind::kVolume:
      order.volume = std::move(q);
      return;
    case UnitKind::kMassRate:
    case UnitKind::kMassPerWeightRate:
      if (!order.dose_rate) order.dose_rate = std::move(q);
      return;
    case UnitKind::kVolumeRate:
      if (!order.infusion_rate) order.infusion_rate = std::move(q);
      return;
    case UnitKind::kConcentration:
    case UnitKind::kOther:
      break;
  }
  ctx.error(s.unit.part_where(1), "103", "dose unit is not a mass, weight-based dose or volume");
}

// A relocated rate that must be of one kind: "order.dose_rate" or "order.infusion_rate".
bool map_relocated_rate(MapContext& ctx, const OrderGroup& g, bool volume,
                        const AmountSource& standard, model::InfusionOrder& order,
                        OrderSources& sources) {
  const std::string_view name = volume ? "order.infusion_rate" : "order.dose_rate";
  const std::string_view unit_name = volume ? "order.infusion_rate_unit" : "order.dose_rate_unit";
  hl7v2::Location& amount_where = volume ? sources.infusion_rate : sources.dose_rate;
  hl7v2::Location& unit_where = volume ? sources.infusion_rate_unit : sources.dose_rate_unit;
  amount_where = standard.amount.where;
  unit_where = standard.unit.where;
  std::optional<Located> relocated = override_location(ctx, name, g.range);
  if (!relocated || !relocated->present()) return false;
  const AmountSource s = with_overrides(ctx, g, standard, name, unit_name);
  amount_where = s.amount.where;
  unit_where = s.unit.where;
  const std::string_view what = volume ? "infusion rate" : "dose rate";
  std::optional<model::Quantity> q = read_quantity(ctx, s.amount, s.unit, what);
  if (q) q = as_rate(ctx, *q, s.unit, give_per_of(ctx, g, standard), what);
  if (!q) return true;
  if ((classify_unit(q->unit) == UnitKind::kVolumeRate) != volume) {
    ctx.error(
        s.unit.part_where(1), "103",
        std::string(what) + (volume ? " unit is not a volume rate" : " unit is not a dose rate"));
    return true;
  }
  (volume ? order.infusion_rate : order.dose_rate) = std::move(q);
  return true;
}

void map_rate(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order,
              OrderSources& sources) {
  const AmountSource standard = standard_pair(ctx, g, {23, 24, 21, 22});
  const bool dose_rate_relocated = map_relocated_rate(ctx, g, false, standard, order, sources);
  const bool infusion_rate_relocated = map_relocated_rate(ctx, g, true, standard, order, sources);
  if (dose_rate_relocated || infusion_rate_relocated || !standard.amount.present()) return;
  for (const Located* l : {&standard.amount, &standard.unit}) {
    if (l->present() && l->segment) ctx.use(*l->segment);
  }
  std::optional<model::Quantity> q = read_quantity(ctx, standard.amount, standard.unit, "rate");
  if (q) q = as_rate(ctx, *q, standard.unit, give_per_of(ctx, g, standard), "rate");
  if (!q) return;
  if (classify_unit(q->unit) == UnitKind::kVolumeRate) {
    order.infusion_rate = std::move(q);
  } else {
    order.dose_rate = std::move(q);
  }
}

// "mg/mL" -> ("mg", "mL"); nullopt without exactly one '/'.
std::optional<std::pair<std::string, std::string>> split_per(const std::string& unit) {
  const size_t slash = unit.find('/');
  if (slash == std::string::npos || unit.find('/', slash + 1) != std::string::npos) {
    return std::nullopt;
  }
  return std::make_pair(unit.substr(0, slash), unit.substr(slash + 1));
}

// One RXC additive (A) of a mass over one RXC base (B) of a volume.
std::optional<model::Ratio> rxc_concentration(MapContext& ctx, const OrderGroup& g) {
  std::optional<size_t> additive, base;
  for (size_t i = g.encoded.begin; i < g.encoded.end; ++i) {
    if (ctx.message().segment_id(i) != "RXC") continue;
    const std::string_view kind = ctx.element(i, 1, 1).value.raw;
    if (kind != "A" && kind != "B") continue;
    std::optional<size_t>& slot = kind == "A" ? additive : base;
    if (slot) return std::nullopt;  // several: not a simple concentration
    slot = i;
  }
  if (!additive || !base) return std::nullopt;
  std::optional<model::Quantity> amount =
      read_quantity(ctx, ctx.element(additive, 3), ctx.element(additive, 4), "RXC additive amount");
  std::optional<model::Quantity> volume =
      read_quantity(ctx, ctx.element(base, 3), ctx.element(base, 4), "RXC base volume");
  if (!amount || !volume || classify_unit(amount->unit) != UnitKind::kMass ||
      classify_unit(volume->unit) != UnitKind::kVolume) {
    return std::nullopt;
  }
  ctx.use(*additive);
  ctx.use(*base);
  return model::Ratio{std::move(*amount), std::move(*volume)};
}

void map_concentration(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order) {
  const AmountSource strength = standard_pair(ctx, g, {25, 26, 18, 19});
  if (!strength.amount.present()) {
    order.concentration = rxc_concentration(ctx, g);
    return;
  }
  ctx.use(*strength.segment);
  std::optional<model::Quantity> numerator =
      read_quantity(ctx, strength.amount, strength.unit, "give strength");
  if (!numerator) return;
  const UnitKind kind = classify_unit(numerator->unit);
  if (kind == UnitKind::kConcentration) {
    if (auto parts = split_per(numerator->unit)) {
      order.concentration = model::Ratio{{numerator->value, parts->first}, {{1, 0}, parts->second}};
      return;
    }
  }
  if (kind != UnitKind::kMass) {
    ctx.error(strength.unit.part_where(1), "103", "give strength unit is not a mass or mg/mL");
    return;
  }
  const bool rxe = strength.segment == g.rxe;
  const std::string_view id = rxe ? "RXE" : "RXO";
  const Located volume_amount = ctx.element(strength.segment, rxe ? 33 : 25, 0, id);
  const Located volume_unit = ctx.element(strength.segment, rxe ? 34 : 26, 0, id);
  if (!volume_amount.present()) {
    ctx.warning(volume_amount.where, "101",
                "give strength without a drug strength volume: no concentration");
    return;
  }
  std::optional<model::Quantity> denominator =
      read_quantity(ctx, volume_amount, volume_unit, "drug strength volume");
  if (!denominator) return;
  if (classify_unit(denominator->unit) != UnitKind::kVolume) {
    ctx.error(volume_unit.part_where(1), "103", "drug strength volume unit is not a volume");
    return;
  }
  order.concentration = model::Ratio{std::move(*numerator), std::move(*denominator)};
}

}  // namespace

void map_amounts(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order,
                 OrderSources& sources) {
  map_rate(ctx, g, order, sources);  // first: a dose sent in rate units only fills empty slots
  map_dose(ctx, g, order, sources);
  map_concentration(ctx, g, order);
}

}  // namespace titrate::inbound
