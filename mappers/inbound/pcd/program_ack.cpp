#include "mappers/inbound/pcd/program_ack.h"

#include "mappers/hl7v2/message.h"
#include "mappers/inbound/hl7v2/mapping_context.h"
#include "mappers/inbound/pcd/answer_mapping.h"
#include "mappers/profile/mapping_profile.h"

namespace titrate::pcd {

ProgramAck parse_program_ack(std::string_view bytes) {
  ProgramAck ack;
  const hl7v2::Message message = hl7v2::parse(bytes);
  if (!message.header().present) {
    ack.problem = "the answer has no MSH segment";
    return ack;
  }
  const profile::MappingProfile no_profile;
  inbound::MapContext ctx(message, no_profile);
  const AnswerFields answer = read_answer(ctx);
  ack.ack_code = answer.ack_code;
  ack.acknowledged_id = answer.acknowledged_id;
  ack.error_code = answer.error_code;
  ack.error_text = answer.error_text;
  if (!answer.accepted) {
    const model::MappedMessage issues = ctx.take();
    ack.problem = issues.issues.empty()
                      ? "the answer is not an acknowledgement"
                      : issues.issues.front().location + ": " + issues.issues.front().message;
    return ack;
  }
  ack.status = *answer.accepted ? ProgramAck::Status::kAccepted : ProgramAck::Status::kRejected;
  return ack;
}

}  // namespace titrate::pcd
