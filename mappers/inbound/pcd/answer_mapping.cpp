#include "mappers/inbound/pcd/answer_mapping.h"

#include <optional>

namespace titrate::pcd {

using inbound::MapContext;

AnswerFields read_answer(MapContext& ctx) {
  AnswerFields answer;
  const std::optional<size_t> msa = ctx.find("MSA", ctx.whole_message());
  if (!msa) {
    ctx.error(MapContext::missing("MSA"), "100", "an acknowledgement needs an MSA segment");
    return answer;
  }
  ctx.use(*msa);
  answer.ack_code = ctx.text(ctx.element(*msa, 1).value.part(1));
  answer.acknowledged_id = ctx.text(ctx.element(*msa, 2).value.raw);
  const std::string_view code = answer.ack_code;
  if (code == "CA" || code == "AA") {
    answer.accepted = true;
  } else if (code == "CE" || code == "CR" || code == "AE" || code == "AR") {
    answer.accepted = false;
  } else {
    ctx.error(ctx.at(*msa, 1), "103", "MSA-1 is not an acknowledgement code (table 0008)");
  }
  std::string fallback_text;
  for (size_t nth = 1;; ++nth) {
    const std::optional<size_t> err = ctx.find("ERR", ctx.whole_message(), nth);
    if (!err) break;
    ctx.use(*err);
    const inbound::Located application_error = ctx.element(*err, 5);
    if (answer.error_code.empty() && application_error.present()) {
      answer.error_code = ctx.text(application_error.value.part(1));
      answer.error_text = ctx.text(application_error.value.part(2));
    }
    if (fallback_text.empty()) fallback_text = ctx.text(ctx.element(*err, 8).value.raw);
    if (fallback_text.empty()) fallback_text = ctx.text(ctx.element(*err, 3).value.part(2));
  }
  if (answer.error_text.empty()) answer.error_text = fallback_text;
  if (answer.error_text.empty() && answer.accepted == false) {
    answer.error_text = ctx.text(ctx.element(*msa, 3).value.raw);
  }
  return answer;
}

void map_program_answer(MapContext& ctx, const MessageFields& fields) {
  const AnswerFields answer = read_answer(ctx);
  if (!answer.accepted) return;
  model::PumpEvent event =
      new_event(fields, *answer.accepted ? model::PumpEventKind::kProgramAccepted
                                         : model::PumpEventKind::kProgramRejected);
  event.event_code = {"http://terminology.hl7.org/CodeSystem/v2-0008", answer.ack_code, {}};
  if (!*answer.accepted) {
    event.reject_code = answer.error_code;
    event.reject_text = answer.error_text;
  }
  event.program_id = answer.acknowledged_id;
  if (const std::optional<size_t> orc = ctx.find("ORC", ctx.whole_message())) {
    ctx.use(*orc);
    const std::string placer = ctx.text(ctx.element(*orc, 2).value.part(1));
    if (!placer.empty()) event.program_id = placer;
  }
  ctx.out().pump_events.push_back(std::move(event));
}

}  // namespace titrate::pcd
