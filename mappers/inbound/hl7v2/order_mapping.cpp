#include "mappers/inbound/hl7v2/order_mapping.h"

#include <optional>
#include <string>

#include "mappers/hl7v2/escape.h"
#include "mappers/inbound/hl7v2/datatypes.h"
#include "mappers/inbound/hl7v2/dose_mapping.h"
#include "mappers/inbound/hl7v2/field_sources.h"
#include "mappers/inbound/hl7v2/medication_mapping.h"
#include "mappers/inbound/hl7v2/order_control.h"
#include "mappers/inbound/hl7v2/readers.h"
#include "mappers/inbound/hl7v2/timing_mapping.h"

namespace titrate::inbound {
namespace {

using model::OrderAction;

void map_control(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order) {
  const Located orc1 = ctx.element(g.orc, 1, 1);
  const std::optional<OrderControl> control = order_control(orc1.value.raw);
  if (!orc1.present()) {
    ctx.error(ctx.at(g.orc, 1), "101", "ORC-1 order control is empty");
  } else if (!control) {
    ctx.error(ctx.at(g.orc, 1), "103", "ORC-1 order control is not in HL7 table 0119");
  }
  if (control) {
    order.action = control->action;
    order.status = control->status;
  } else {
    order.status = model::OrderStatus::kUnknown;
  }
  const Located orc5 = ctx.element(g.orc, 5, 1);
  if (!orc5.present()) return;
  if (std::optional<model::OrderStatus> status = order_status(orc5.value.raw)) {
    order.status = *status;
  } else {
    ctx.warning(ctx.at(g.orc, 5), "103",
                "ORC-5 order status is not one of A, CA, CM, DC, ER, HD, IP, SC; ORC-1 decides");
  }
}

void map_identity(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order,
                  OrderSources& sources) {
  const Located placer =
      pick(ctx, "order.placer", g.range, {ctx.element(g.orc, 2), ctx.element(g.obr, 2)});
  sources.placer = placer.where;
  if (placer.present()) order.placer = ei_identifier(ctx, placer.value, "PLAC");
  const Located filler =
      pick(ctx, "order.filler", g.range, {ctx.element(g.orc, 3), ctx.element(g.obr, 3)});
  sources.filler = filler.where;
  if (filler.present()) order.filler = ei_identifier(ctx, filler.value, "FILL");
  order.placer_group = ctx.text(ctx.element(g.orc, 4).value.part(1));
  const Located authored = first_present(ctx, {ctx.element(g.orc, 9), ctx.element(g.rxe, 32)});
  order.authored =
      read_datetime(ctx, authored, "order authored date/time").value_or(model::DateTime{});
  const Located provider = first_present(ctx, {ctx.element(g.orc, 12), ctx.element(g.obr, 16)});
  if (provider.present()) order.ordering_provider = xcn_practitioner(ctx, provider.value);
}

void map_drug(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order,
              OrderSources& sources) {
  const Located drug =
      pick(ctx, "order.medication", g.range,
           {ctx.element(g.rxe, 2, 0, g.detail_id == "RXE" ? "RXE" : ""),
            ctx.element(g.rxo, 1, 0, g.detail_id == "RXO" ? "RXO" : ""), ctx.element(g.obr, 4)});
  sources.medication = drug.where;
  if (drug.present()) order.medication = map_medication(ctx, drug);
  const bool needs_drug = order.action == OrderAction::kNew || order.action == OrderAction::kChange;
  const bool has_detail = g.rxe || g.rxo || g.obr || drug.present();  // else check_structure says
  if (needs_drug && has_detail && order.medication.empty()) {
    ctx.error(drug.where, "101", "a new or changed order needs a drug");
  }
}

void map_indications(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order,
                     OrderSources& sources) {
  const Located first =
      pick(ctx, "order.indication", g.range, {ctx.element(g.rxe, 27), ctx.element(g.rxo, 20)});
  sources.indication = first.where;
  const bool whole_field =
      first.segment && first.where.repetition == 0 && first.where.component == 0;
  if (whole_field) {
    for (size_t r = 1, n = ctx.repetition_count(*first.segment, first.where.field); r <= n; ++r) {
      const Located rep =
          ctx.repetition(*first.segment, first.where.field, static_cast<uint32_t>(r));
      model::CodeableConcept coded = to_codeable_concept(ctx, rep.value);
      if (!coded.empty()) order.indications.push_back(std::move(coded));
    }
  } else if (first.present()) {
    order.indications.push_back(to_codeable_concept(ctx, first.value));
  }
  for (size_t i = g.range.begin; i < g.range.end; ++i) {
    if (ctx.message().segment_id(i) != "DG1") continue;
    ctx.use(i);
    model::CodeableConcept coded = to_codeable_concept(ctx, ctx.element(i, 3).value);
    if (coded.text.empty()) coded.text = ctx.text(ctx.element(i, 4).value.raw);
    if (!coded.empty()) order.indications.push_back(std::move(coded));
  }
}

void append_line(std::string& text, std::string line) {
  if (line.empty()) return;
  if (!text.empty()) text += '\n';
  text += hl7v2::to_plain_text(line, '\\');
}

// One line per instruction: CWE original text, else text, else the identifier (senders put
// free text in any of them).
void append_instruction(const MapContext& ctx, Composite cwe, std::string& out) {
  for (size_t part : {9, 2, 1}) {
    std::string text = ctx.text(cwe.part(part));
    if (!text.empty()) {
      append_line(out, std::move(text));
      return;
    }
  }
}

void map_instructions(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order) {
  const Located given = first_present(ctx, {ctx.element(g.rxe, 7), ctx.element(g.rxo, 7)});
  if (given.present()) {
    for (size_t r = 1, n = ctx.repetition_count(*given.segment, 7); r <= n; ++r) {
      const Located rep = ctx.repetition(*given.segment, 7, static_cast<uint32_t>(r));
      append_instruction(ctx, rep.value, order.instructions);
    }
  }
  for (size_t i = g.range.begin; i < g.range.end; ++i) {
    if (ctx.message().segment_id(i) != "NTE") continue;
    ctx.use(i);
    for (size_t r = 1, n = ctx.repetition_count(i, 3); r <= n; ++r) {
      append_line(order.instructions,
                  ctx.text(ctx.repetition(i, 3, static_cast<uint32_t>(r)).value.raw));
    }
  }
}

// A release (RL) or change (XO) that gives a reason in ORC-16 is a clinician's override of the
// soft limits the order was held for; the clinician is ORC-19 (action by), else ORC-10 (entered
// by), else ORC-12. A release without a reason only lifts an HD hold.
void map_override(MapContext& ctx, const OrderGroup& g, model::InfusionOrder& order) {
  if (order.action != OrderAction::kRelease && order.action != OrderAction::kChange) return;
  const Located reason = ctx.element(g.orc, 16);
  if (!reason.present()) return;
  model::LimitOverride override_by;
  const model::CodeableConcept coded = to_codeable_concept(ctx, reason.value);
  override_by.reason = !coded.text.empty()                 ? coded.text
                       : coded.codings.empty()             ? std::string()
                       : !coded.codings[0].display.empty() ? coded.codings[0].display
                                                           : coded.codings[0].code;
  const Located by =
      first_present(ctx, {ctx.element(g.orc, 19), ctx.element(g.orc, 10), ctx.element(g.orc, 12)});
  if (by.present()) override_by.by = xcn_practitioner(ctx, by.value);
  override_by.time = order.authored;
  order.limit_override = std::move(override_by);
}

void check_structure(MapContext& ctx, const OrderGroup& g, const model::InfusionOrder& order) {
  if (g.detail_id == "RXE" && !g.rxe) {
    ctx.error(MapContext::missing("RXE"), "100", "an RDE order group has no RXE segment");
  }
  const bool needs_detail =
      order.action == OrderAction::kNew || order.action == OrderAction::kChange;
  if (g.detail_id == "RXO" && needs_detail && !g.rxo && !g.obr) {
    ctx.error(MapContext::missing("RXO"), "100", "a new or changed ORM order has no RXO or OBR");
  }
}

}  // namespace

MappedOrder map_order(MapContext& ctx, const OrderGroup& g) {
  MappedOrder out;
  model::InfusionOrder& order = out.order;
  ctx.use(g.orc);
  map_control(ctx, g, order);
  check_structure(ctx, g, order);
  map_identity(ctx, g, order, out.sources);
  map_drug(ctx, g, order, out.sources);
  map_amounts(ctx, g, order, out.sources);
  map_timing(ctx, g, order.timing, out.sources);
  const Located route = pick(ctx, "order.route", g.range, {ctx.element(g.rxr, 1, 0, "RXR")});
  out.sources.route = route.where;
  if (route.present()) order.route = map_route(ctx, route);
  map_indications(ctx, g, order, out.sources);
  map_instructions(ctx, g, order);
  map_override(ctx, g, order);
  const Located device = pick(ctx, "order.device", g.range, {});
  if (device.present()) order.device = ctx.text(device.value.part(1));
  order.care_area = ctx.profile().care_area;
  if (g.obr && !g.rxo && !g.rxe) order.origin = model::kServiceRequestOrigin;  // ORC + OBR
  return out;
}

}  // namespace titrate::inbound
