#include "mappers/outbound/hl7v2/orr_o02.h"

#include <stdexcept>
#include <string_view>

#include "mappers/hl7v2/encoder.h"
#include "mappers/outbound/hl7v2/outbound_segments.h"

namespace titrate::outbound::hl7v2 {
namespace {

using titrate::hl7v2::Encoder;

struct OrderControl {
  std::string_view control;  // ORC-1, table 0119
  std::string_view status;   // ORC-5, table 0038
};

OrderControl order_control(model::OrderState state) {
  using S = model::OrderState;
  switch (state) {
    case S::kAccepted:
      return {"OK", "SC"};
    case S::kProgrammed:
      return {"SC", "IP"};
    case S::kCompleted:
      return {"SC", "CM"};
    case S::kHeld:
    case S::kProgramRejected:
      return {"OH", "HD"};
    case S::kOnHold:
      return {"HR", "HD"};
    case S::kRejected:
      return {"UA", ""};
    case S::kCancelled:
      return {"CR", "CA"};
    case S::kDiscontinued:
      return {"DR", "DC"};
  }
  throw std::invalid_argument("unknown order state");
}

void write_reason(Encoder& e, const model::Reason& reason) {
  e.text(reason.code).component(reason.message).component("L");
  if (!reason.detail.code.empty()) {
    e.component(reason.detail.code).component(reason.detail.display);
    e.component(coding_system_name(reason.detail.system));
  }
}

}  // namespace

std::string build_orr_o02(const model::OrderStatusUpdate& update, const OutboundHeader& header) {
  if (update.placer.value.empty()) {
    throw std::invalid_argument("an order response needs the placer order number");
  }
  const OrderControl control = order_control(update.state);
  Encoder e;
  write_msh(e, header, "ORR", "O02", "ORR_O02");
  e.segment("MSA").field("AA").field(update.placer.value);
  write_pid(e, update.patient_id);
  e.segment("ORC").field(control.control).field();
  write_ei(e, update.placer);
  e.field();
  if (!update.filler.empty()) write_ei(e, update.filler);
  e.field_at(5).text(control.status);
  e.field_at(9).text(update.time.empty() ? header.message_time : dtm(update.time, "update time"));
  if (!update.reasons.empty()) {
    e.field_at(16);
    write_reason(e, update.reasons.front());
  }
  int n = 0;
  for (const model::Reason& reason : update.reasons) {
    e.segment("NTE").field(std::to_string(++n)).field("L");
    e.field(reason.message.empty() ? reason.code : reason.code + ": " + reason.message);
  }
  return e.finish();
}

}  // namespace titrate::outbound::hl7v2
