#include "mappers/inbound/pcd/device_event_mapping.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "gateway/model/units.h"
#include "mappers/hl7v2/pieces.h"
#include "mappers/inbound/hl7v2/datatypes.h"
#include "mappers/inbound/hl7v2/readers.h"
#include "mappers/inbound/pcd/device_rows.h"
#include "mappers/inbound/pcd/mdc_units.h"

namespace titrate::pcd {
namespace {

using inbound::MapContext;
using inbound::SegmentRange;
using model::PumpEvent;
using model::PumpEventKind;

// MDC terms read into PumpEvent fields (numeric codes: domain-reference §3.5; 2::n = 131072 + n).
constexpr std::string_view kEventCondition = "68487", kEventConditionRef = "MDC_ATTR_EVT_COND";
constexpr std::string_view kEventSource = "68488", kEventSourceRef = "MDC_ATTR_EVT_SOURCE";
constexpr std::string_view kDeliveryStart = "197288";
constexpr std::string_view kAlarmEvent = "196616", kAlarmEventRef = "MDC_EVT_ALARM";
constexpr std::string_view kAlarmPriority = "68484", kAlarmPriorityRef = "MDC_ATTR_ALARM_PRIORITY";
constexpr std::string_view kAlertSource = "68480", kAlertSourceRef = "MDC_ATTR_ALERT_SOURCE";

struct Field {
  std::string_view code, refid;
};
constexpr Field kRate{"157784", "MDC_FLOW_FLUID_PUMP"};
constexpr Field kRateCurrent{"158014", "MDC_FLOW_FLUID_PUMP_CURRENT"};
constexpr Field kDoseRate{"157924", "MDC_RATE_DOSE"};
constexpr Field kDoseRateOld{"157804", "MDC_FLOW_DRUG_DELIV"};  // 2::26732
constexpr Field kVtbi{"157884", "MDC_VOL_FLUID_TBI"};
constexpr Field kVtbiRemaining{"157872", "MDC_VOL_FLUID_TBI_REMAIN"};
constexpr Field kVolumeTotal{"157993", "MDC_VOL_FLUID_DELIV_TOTAL"};
constexpr Field kVolumeOld{"157864", "MDC_VOL_FLUID_DELIV"};                // 2::26792
constexpr Field kVolumeInfusedOld{"157948", "MDC_VOL_INFUS_ACTUAL_TOTAL"};  // 2::26876
constexpr Field kInfusingStatus{"184519", "MDC_PUMP_INFUSING_STATUS"};
constexpr Field kPumpStatusOld{"184508", "MDC_PUMP_STAT"};  // 2::53436, older model
constexpr Field kDeliveryStatus{"158005", "MDC_DEV_PUMP_CURRENT_DELIVERY_STATUS"};
constexpr Field kNotDeliveringReason{"", "MDC_DEV_PUMP_NOT_DELIVERING_REASON"};  // code: gap

bool is(const DeviceRow& row, Field f) {
  return row.is(f.code, f.refid);
}

std::vector<SegmentRange> obr_groups(const MapContext& ctx) {
  std::vector<SegmentRange> groups;
  const hl7v2::Message& m = ctx.message();
  for (size_t i = 0; i < m.segment_count(); ++i) {
    if (m.segment_id(i) != "OBR") continue;
    if (!groups.empty()) groups.back().end = i;
    groups.push_back({i, m.segment_count()});
  }
  return groups;
}

// OBR-2.1 placer (the ORC-2 of our PCD-03) and OBR-7 time of a group.
struct GroupFields {
  std::string program_id;
  model::DateTime time;
};

GroupFields read_group(MapContext& ctx, size_t obr) {
  ctx.use(obr);
  GroupFields g;
  g.program_id = ctx.text(ctx.element(obr, 2).value.part(1));
  g.time = inbound::read_datetime(ctx, ctx.element(obr, 7), "OBR-7 observation time")
               .value_or(model::DateTime{});
  return g;
}

// A quantity in `unit` when it can be expressed in it exactly; as reported otherwise.
model::Quantity in_unit(const model::Quantity& q, std::string_view unit) {
  if (q.unit == unit || q.unit.empty()) return q;
  return units::convert(q, unit).value_or(q);
}

void set_once(std::optional<model::Quantity>& field, const std::optional<model::Quantity>& q,
              std::string_view unit = {}) {
  if (field || !q) return;
  field = unit.empty() ? *q : in_unit(*q, unit);
}

model::DeviceReading reading_of(const MapContext& ctx, const DeviceRow& row,
                                const std::optional<model::Quantity>& quantity) {
  model::DeviceReading reading;
  reading.code = inbound::to_codeable_concept(ctx, ctx.element(row.segment, 3).value);
  reading.value = quantity;
  if (!quantity) reading.text = row_text(ctx, row);
  reading.address = row.address;
  reading.time = row.time;
  return reading;
}

bool is_numeric(const DeviceRow& row) {
  return row.value_type == "NM" || (row.value_type.empty() && row.value.present() &&
                                    model::Decimal::parse(row.value.value.part(1)).has_value());
}

// Device, statuses, rates and volumes, and every valued metric as a reading.
void apply_rows(MapContext& ctx, const std::vector<const DeviceRow*>& rows, PumpEvent& event) {
  std::optional<model::Quantity> current_rate, old_dose_rate, old_volume;
  for (const DeviceRow* row : rows) {
    if (row->level == RowLevel::kMds && !row->parts.empty() && event.device_kind.empty()) {
      event.device_kind = row->code;
      event.device = device_identifier(ctx, row->equipment.value);
    }
    if (!row->value.present()) continue;
    std::optional<model::Quantity> quantity;
    if (is_numeric(*row)) quantity = row_quantity(ctx, *row);
    if (is(*row, kRate)) set_once(event.rate, quantity, "mL/h");
    if (is(*row, kRateCurrent)) set_once(current_rate, quantity, "mL/h");
    if (is(*row, kDoseRate)) set_once(event.dose_rate, quantity);
    if (is(*row, kDoseRateOld)) set_once(old_dose_rate, quantity);
    if (is(*row, kVtbi)) set_once(event.vtbi, quantity, "mL");
    if (is(*row, kVtbiRemaining)) set_once(event.vtbi_remaining, quantity, "mL");
    if (is(*row, kVolumeTotal)) set_once(event.volume_infused, quantity, "mL");
    if (is(*row, kVolumeOld) || is(*row, kVolumeInfusedOld)) set_once(old_volume, quantity, "mL");
    const bool first_status = event.infusing_status.empty();
    if ((is(*row, kInfusingStatus) || is(*row, kPumpStatusOld)) && first_status) {
      event.infusing_status = row_text(ctx, *row);
    }
    if (is(*row, kDeliveryStatus) && event.delivery_status.empty()) {
      event.delivery_status = row_text(ctx, *row);
    }
    if (is(*row, kNotDeliveringReason) && event.not_delivering_reason.empty()) {
      event.not_delivering_reason = row_text(ctx, *row);
    }
    if (row->is(kEventSource, kEventSourceRef) && event.channel.empty()) {
      event.channel = row_text(ctx, *row);
    }
    if (row->level == RowLevel::kMetric || row->parts.empty()) {
      event.readings.push_back(reading_of(ctx, *row, quantity));
    }
  }
  set_once(event.rate, current_rate, "mL/h");
  set_once(event.dose_rate, old_dose_rate);
  set_once(event.volume_infused, old_volume, "mL");
  if (event.device.empty()) {
    for (const DeviceRow* row : rows) {
      event.device = device_identifier(ctx, row->equipment.value);
      if (!event.device.empty()) break;
    }
  }
}

// The event time: OBR-7, else the time of the defining row (own or inherited), else MSH-7.
void set_time(PumpEvent& event, const GroupFields& group, const DeviceRow* defining) {
  if (!group.time.empty()) {
    event.time = group.time;
  } else if (defining && !defining->time.empty()) {
    event.time = defining->time;
  }
}

std::vector<const DeviceRow*> pointers(const std::vector<DeviceRow>& rows) {
  std::vector<const DeviceRow*> out;
  out.reserve(rows.size());
  for (const DeviceRow& row : rows) out.push_back(&row);
  return out;
}

const DeviceRow* find_row(const std::vector<DeviceRow>& rows, std::string_view code,
                          std::string_view refid) {
  for (const DeviceRow& row : rows) {
    if (row.is(code, refid)) return &row;
  }
  return nullptr;
}

// PCD-10 and PCD-04 carry one event per message: the rows of every OBR group (each timed by
// its own OBR-7), with the placer and time of the first group.
struct SingleEvent {
  GroupFields group;
  std::vector<DeviceRow> rows;
};

// nullopt (and an issue) without an OBR.
std::optional<SingleEvent> read_single_event(MapContext& ctx) {
  const std::vector<SegmentRange> groups = obr_groups(ctx);
  if (groups.empty()) {
    ctx.error(MapContext::missing("OBR"), "100", "a PCD device message needs an OBR segment");
    return std::nullopt;
  }
  SingleEvent out;
  for (const SegmentRange& range : groups) {
    GroupFields group = read_group(ctx, range.begin);
    std::vector<DeviceRow> rows = read_device_rows(ctx, range, group.time);
    if (&range == &groups.front()) out.group = std::move(group);
    out.rows.insert(out.rows.end(), std::make_move_iterator(rows.begin()),
                    std::make_move_iterator(rows.end()));
  }
  return out;
}

PumpEventKind infusion_event_kind(std::string_view code, std::string_view refid) {
  if (code == kDeliveryStart || refid == "MDC_EVT_PUMP_DELIV_START") {
    return PumpEventKind::kDeliveryStart;
  }
  // The numeric codes of STOP and COMP are not in the TF text (domain-reference §8): by REFID.
  if (refid == "MDC_EVT_PUMP_DELIV_STOP") return PumpEventKind::kDeliveryStop;
  if (refid == "MDC_EVT_PUMP_DELIV_COMP") return PumpEventKind::kDeliveryComplete;
  return PumpEventKind::kOther;
}

model::Coding mdc_coding(const MapContext& ctx, inbound::Composite cwe) {
  return {std::string(kMdcSystemUri), ctx.text(cwe.part(1)), ctx.text(cwe.part(2))};
}

bool is_pump_device(const DeviceRow& mds) {
  return mds.refid.find("PUMP") != std::string::npos || mds.code == "69985" || mds.code == "70049";
}

}  // namespace

void map_infusion_event(MapContext& ctx, const MessageFields& fields) {
  const std::optional<SingleEvent> read = read_single_event(ctx);
  if (!read) return;
  const auto& [group, rows] = *read;
  const DeviceRow* condition = find_row(rows, kEventCondition, kEventConditionRef);
  if (!condition) {
    ctx.error(ctx.at(ctx.find("OBR", ctx.whole_message()).value_or(0)), "101",
              "a PCD-10 event needs an MDC_ATTR_EVT_COND (68487) OBX naming the event");
    return;
  }
  if (!condition->value.present()) {
    ctx.error(condition->value.where, "101", "the MDC_ATTR_EVT_COND OBX has no event (OBX-5)");
    return;
  }
  const model::Coding code = mdc_coding(ctx, condition->value.value);
  PumpEvent event = new_event(fields, infusion_event_kind(code.code, code.display));
  event.event_code = code;
  event.program_id = group.program_id;
  set_time(event, group, condition);
  apply_rows(ctx, pointers(rows), event);
  ctx.out().pump_events.push_back(std::move(event));
}

void map_device_observation(MapContext& ctx, const MessageFields& fields) {
  const std::vector<SegmentRange> groups = obr_groups(ctx);
  if (groups.empty()) {
    ctx.error(MapContext::missing("OBR"), "100", "a PCD-01 message needs an OBR segment");
    return;
  }
  for (const SegmentRange& range : groups) {
    const GroupFields group = read_group(ctx, range.begin);
    const std::vector<DeviceRow> rows = read_device_rows(ctx, range, group.time);
    if (rows.empty()) {
      ctx.warning(ctx.at(range.begin), "101", "an OBR group without OBX observations");
      continue;
    }
    // One partition per MDS number (OBX-4 first part); rows before any address join the first.
    struct Partition {
      uint32_t mds = 0;
      const DeviceRow* mds_row = nullptr;
      std::vector<const DeviceRow*> rows;
    };
    std::vector<Partition> partitions;
    for (const DeviceRow& row : rows) {
      Partition* into = partitions.empty() ? nullptr : &partitions.back();
      if (!row.parts.empty()) {
        into = nullptr;
        for (Partition& p : partitions) {
          if (p.mds == row.mds()) into = &p;
        }
      }
      if (!into) into = &partitions.emplace_back(Partition{row.mds(), nullptr, {}});
      if (row.level == RowLevel::kMds && !row.parts.empty() && !into->mds_row) into->mds_row = &row;
      into->rows.push_back(&row);
    }
    for (const Partition& p : partitions) {
      const bool pump = p.mds_row
                            ? is_pump_device(*p.mds_row)
                            : std::any_of(p.rows.begin(), p.rows.end(), [](const DeviceRow* r) {
                                return r->refid.find("PUMP") != std::string::npos;
                              });
      if (!p.mds_row) {
        ctx.warning(ctx.at(p.rows.front()->segment, 4), "101",
                    "no MDS device row (OBX-4 <n>.0.0.0) for these observations");
      }
      PumpEvent event =
          new_event(fields, pump ? PumpEventKind::kPumpStatus : PumpEventKind::kVitals);
      event.program_id = group.program_id;
      set_time(event, group, p.mds_row ? p.mds_row : p.rows.front());
      apply_rows(ctx, p.rows, event);
      ctx.out().pump_events.push_back(std::move(event));
    }
  }
}

void map_alarm(MapContext& ctx, const MessageFields& fields) {
  const std::optional<SingleEvent> read = read_single_event(ctx);
  if (!read) return;
  const auto& [group, rows] = *read;
  const DeviceRow* alarm = find_row(rows, kAlarmEvent, kAlarmEventRef);
  if (!alarm) {
    ctx.error(ctx.at(ctx.find("OBR", ctx.whole_message()).value_or(0)), "101",
              "a PCD-04 alarm needs an MDC_EVT_ALARM (196616) OBX naming the alarm");
    return;
  }
  if (!alarm->value.present()) {
    ctx.error(alarm->value.where, "101", "the MDC_EVT_ALARM OBX has no alarm code (OBX-5)");
    return;
  }
  PumpEvent event = new_event(fields, PumpEventKind::kAlarm);
  event.event_code = mdc_coding(ctx, alarm->value.value);
  event.program_id = group.program_id;
  set_time(event, group, alarm);
  // Priority: OBX-8 of the alarm row (PH/PM/PL/PN among the interpretation codes), else the
  // MDC_ATTR_ALARM_PRIORITY row.
  const std::string_view raw8 = ctx.message().field(alarm->segment, 8).value_or("");
  for (std::string_view rep : hl7v2::Pieces(raw8, ctx.delimiters().repetition)) {
    const std::string code =
        ctx.text(hl7v2::piece(rep, ctx.delimiters().component, 1).value_or(""));
    if (code == "PH" || code == "PM" || code == "PL" || code == "PN") {
      event.alarm_priority = code;
      break;
    }
  }
  if (event.alarm_priority.empty()) {
    if (const DeviceRow* priority = find_row(rows, kAlarmPriority, kAlarmPriorityRef)) {
      event.alarm_priority = row_text(ctx, *priority);
    }
  }
  apply_rows(ctx, pointers(rows), event);
  if (event.device.empty()) event.device = device_identifier(ctx, alarm->equipment.value);
  if (event.device_kind.empty()) {
    if (const DeviceRow* source = find_row(rows, kAlertSource, kAlertSourceRef)) {
      event.device_kind = ctx.text(source->value.value.part(1));
    }
  }
  // The alarm's readable text (CWE-9 original text) on its reading.
  const std::string original = ctx.text(alarm->value.value.part(9));
  for (model::DeviceReading& reading : event.readings) {
    if (!original.empty() && reading.address == alarm->address && !reading.code.codings.empty() &&
        reading.code.codings.front().code == kAlarmEvent) {
      reading.text = original;
    }
  }
  ctx.out().pump_events.push_back(std::move(event));
}

}  // namespace titrate::pcd
