#include "mappers/inbound/pcd/pcd_common.h"

#include <optional>

#include "mappers/inbound/hl7v2/datatypes.h"
#include "mappers/inbound/hl7v2/readers.h"

namespace titrate::pcd {

MessageFields read_message_fields(inbound::MapContext& ctx) {
  MessageFields fields;
  const hl7v2::MessageHeader& header = ctx.message().header();
  fields.message_type = std::string(header.message_code);
  if (!header.trigger_event.empty()) {
    fields.message_type.append(1, '^').append(header.trigger_event);
  }
  fields.control_id = ctx.text(header.control_id);
  const std::optional<size_t> msh = ctx.find("MSH", ctx.whole_message());
  fields.message_time =
      inbound::read_datetime(ctx, ctx.element(msh, 7, 0, "MSH"), "MSH-7 message time")
          .value_or(model::DateTime{});
  if (const std::optional<size_t> pid = ctx.find("PID", ctx.whole_message())) {
    ctx.use(*pid);
    if (ctx.repetition_count(*pid, 3) > 0) {
      fields.patient_id = inbound::cx_identifier(ctx, ctx.repetition(*pid, 3, 1).value);
    }
  }
  if (const std::optional<size_t> pv1 = ctx.find("PV1", ctx.whole_message())) {
    ctx.use(*pv1);
    const inbound::Located pl = ctx.element(*pv1, 3);
    if (pl.present()) {
      fields.location = ctx.text(pl.value.part(1)) + "^" + ctx.text(pl.value.part(2)) + "^" +
                        ctx.text(pl.value.part(3));
    }
  }
  return fields;
}

model::PumpEvent new_event(const MessageFields& fields, model::PumpEventKind kind) {
  model::PumpEvent event;
  event.kind = kind;
  event.patient_id = fields.patient_id;
  event.location = fields.location;
  event.time = fields.message_time;
  event.message_type = fields.message_type;
  event.control_id = fields.control_id;
  return event;
}

}  // namespace titrate::pcd
