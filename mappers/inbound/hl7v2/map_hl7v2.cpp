#include "mappers/inbound/hl7v2/map_hl7v2.h"

#include <optional>
#include <string_view>

#include "mappers/inbound/hl7v2/mapping_context.h"
#include "mappers/inbound/hl7v2/order_groups.h"
#include "mappers/inbound/hl7v2/order_mapping.h"
#include "mappers/inbound/hl7v2/patient_mapping.h"
#include "mappers/inbound/hl7v2/profile_rules.h"

namespace titrate::inbound {
namespace {

using Event = model::PatientContext::Event;

std::optional<Event> adt_event(std::string_view trigger) {
  if (trigger == "A01") return Event::kAdmit;
  if (trigger == "A04") return Event::kRegister;
  if (trigger == "A08") return Event::kUpdate;
  if (trigger == "A03") return Event::kDischarge;
  return std::nullopt;
}

void map_adt(MapContext& ctx, Event event) {
  const std::optional<size_t> pid = ctx.find("PID", ctx.whole_message());
  if (!pid) {
    ctx.error(MapContext::missing("PID"), "100", "an ADT message needs a PID segment");
    return;
  }
  ctx.out().patient = map_patient(ctx, *pid, event);
}

void map_orders(MapContext& ctx, std::string_view detail_id) {
  const std::vector<OrderGroup> groups = find_order_groups(ctx, detail_id);
  if (groups.empty()) {
    ctx.error(MapContext::missing("ORC"), "100", "an order message needs an ORC segment");
  }
  const std::optional<size_t> pid = ctx.find("PID", ctx.whole_message());
  if (pid) {
    ctx.out().patient = map_patient(ctx, *pid, Event::kOrderContext);
  } else {
    ctx.error(MapContext::missing("PID"), "100",
              "orders are keyed by the patient: a PID segment is required");
  }
  for (const OrderGroup& group : groups) {
    MappedOrder mapped = map_order(ctx, group);
    if (const auto& patient = ctx.out().patient) {
      mapped.order.patient_id = patient->patient_id;
      if (patient->visit) mapped.order.visit_number = patient->visit->visit_number;
    }
    check_required_order_fields(ctx, mapped.order, mapped.sources);
    ctx.out().orders.push_back(std::move(mapped.order));
  }
}

}  // namespace

model::MappedMessage map_hl7v2(const hl7v2::Message& message,
                               const profile::MappingProfile& profile) {
  MapContext ctx(message, profile);
  const std::optional<size_t> msh = ctx.map_header();
  if (!msh) return ctx.take();
  const hl7v2::MessageHeader& header = message.header();
  const std::string_view code = header.message_code;
  const std::string_view trigger = header.trigger_event;
  const bool known_type = code == "ADT" || code == "ORM" || code == "RDE";
  if (!known_type) {
    ctx.error(ctx.at(*msh, 9), "200", "only ADT, ORM and RDE messages are mapped on this path");
    return ctx.take();
  }
  const std::optional<Event> event = code == "ADT" ? adt_event(trigger) : std::nullopt;
  const bool known_trigger =
      event || (code == "ORM" && trigger == "O01") || (code == "RDE" && trigger == "O11");
  if (!known_trigger) {
    ctx.error(ctx.at(*msh, 9, 0, 2), "201",
              "trigger event not mapped: ADT A01/A03/A04/A08, ORM O01 and RDE O11 are");
    return ctx.take();
  }
  if (event) {
    map_adt(ctx, *event);
  } else {
    map_orders(ctx, code == "RDE" ? "RXE" : "RXO");
  }
  check_required_locations(ctx);
  check_required_patient_fields(ctx, ctx.out().patient ? &*ctx.out().patient : nullptr);
  report_unmapped(ctx);
  return ctx.take();
}

}  // namespace titrate::inbound
