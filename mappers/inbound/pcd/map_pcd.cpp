#include "mappers/inbound/pcd/map_pcd.h"

#include <optional>
#include <string>

#include "mappers/inbound/hl7v2/mapping_context.h"
#include "mappers/inbound/pcd/answer_mapping.h"
#include "mappers/inbound/pcd/device_event_mapping.h"
#include "mappers/inbound/pcd/pcd_common.h"
#include "mappers/inbound/pcd/pcd_message_kind.h"
#include "mappers/profile/mapping_profile.h"

namespace titrate::pcd {
namespace {

using inbound::MapContext;

void report_unmapped(MapContext& ctx) {
  for (size_t i = 0; i < ctx.message().segment_count(); ++i) {
    if (ctx.used(i)) continue;
    ctx.out().unmapped.push_back(std::string(ctx.message().segment_id(i)) + "[" +
                                 std::to_string(ctx.occurrence(i)) + "]");
  }
}

}  // namespace

model::MappedMessage map_pcd(const hl7v2::Message& message) {
  // Device messages are not mapped per sender: the default profile (UTC for DTMs without an
  // offset, no code or unit maps) gives the shared HL7v2 readers what they need.
  const profile::MappingProfile device_profile;
  MapContext ctx(message, device_profile);
  const std::optional<size_t> msh = ctx.map_header();
  if (!msh) return ctx.take();
  const PcdClassification pcd = classify_pcd(message);
  if (pcd.kind == PcdKind::kNone) {
    ctx.error(ctx.at(*msh, 9), "200",
              "not an IHE PCD message: PCD-01 needs the DEC profile OID in MSH-21.3; ORU^R42, "
              "ORU^R40, RRG^O16 and ACK^O15/O16 are recognised by MSH-9");
    return ctx.take();
  }
  const bool device_message = pcd.kind == PcdKind::kInfusionEvent || pcd.kind == PcdKind::kAlarm;
  if (device_message && !pcd.by_profile) {
    ctx.warning(ctx.at(*msh, 21), "101",
                "MSH-21 does not name the IHE PCD profile (OID in MSH-21.3); recognised by MSH-9");
  }
  const MessageFields fields = read_message_fields(ctx);
  switch (pcd.kind) {
    case PcdKind::kInfusionEvent:
      map_infusion_event(ctx, fields);
      break;
    case PcdKind::kDeviceObservation:
      map_device_observation(ctx, fields);
      break;
    case PcdKind::kAlarm:
      map_alarm(ctx, fields);
      break;
    case PcdKind::kProgramAnswer:
    case PcdKind::kAcknowledgement:
      map_program_answer(ctx, fields);
      break;
    case PcdKind::kNone:
      break;
  }
  report_unmapped(ctx);
  return ctx.take();
}

}  // namespace titrate::pcd
