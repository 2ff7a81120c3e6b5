#include "mappers/inbound/pcd/device_rows.h"

#include <algorithm>
#include <charconv>

#include "mappers/inbound/hl7v2/readers.h"
#include "mappers/inbound/pcd/mdc_units.h"
#include "mappers/profile/text.h"

namespace titrate::pcd {
namespace {

using inbound::Located;
using inbound::MapContext;

// "1.1.2.4" -> {1, 1, 2, 4}; nullopt unless 4 or 5 dot-separated whole numbers.
std::optional<std::vector<uint32_t>> parse_address(std::string_view text) {
  std::vector<uint32_t> parts;
  while (true) {
    const size_t dot = text.find('.');
    const std::string_view part = text.substr(0, dot);
    uint32_t n = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (part.empty() || ec != std::errc{} || end != part.data() + part.size()) return std::nullopt;
    parts.push_back(n);
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  if (parts.size() < 4 || parts.size() > 5) return std::nullopt;
  return parts;
}

RowLevel level_of(const std::vector<uint32_t>& parts) {
  if (parts.size() > 4 || parts[3] != 0) return RowLevel::kMetric;
  if (parts[2] != 0) return RowLevel::kChannel;
  if (parts[1] != 0) return RowLevel::kVmd;
  return RowLevel::kMds;
}

// The address of the device row `depth` levels down (1 MDS, 2 VMD, 3 channel) above `parts`.
std::vector<uint32_t> ancestor(const std::vector<uint32_t>& parts, size_t depth) {
  std::vector<uint32_t> out(4, 0);
  for (size_t i = 0; i < depth && i < parts.size(); ++i) out[i] = parts[i];
  return out;
}

size_t depth_of(RowLevel level) {
  switch (level) {
    case RowLevel::kMds:
      return 1;
    case RowLevel::kVmd:
      return 2;
    case RowLevel::kChannel:
      return 3;
    case RowLevel::kMetric:
      return 4;
  }
  return 4;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<DeviceRow> read_device_rows(MapContext& ctx, inbound::SegmentRange range,
                                        const model::DateTime& group_time) {
  struct TimedDevice {
    std::vector<uint32_t> address;
    model::DateTime time;
  };
  std::vector<TimedDevice> device_times;  // device rows with a time of their own
  std::vector<DeviceRow> rows;
  for (size_t i = range.begin; i < range.end; ++i) {
    if (ctx.message().segment_id(i) != "OBX") continue;
    ctx.use(i);
    DeviceRow row;
    row.segment = i;
    const Located id = ctx.element(i, 3);
    row.code = ctx.text(id.value.part(1));
    row.refid = ctx.text(id.value.part(2));
    row.value_type = ctx.text(ctx.element(i, 2).value.part(1));
    row.value = ctx.element(i, 5);
    row.unit = ctx.element(i, 6);
    row.equipment = ctx.element(i, 18);
    const Located address = ctx.element(i, 4);
    row.address = ctx.text(address.value.part(1));
    if (!row.address.empty()) {
      if (std::optional<std::vector<uint32_t>> parts = parse_address(row.address)) {
        row.parts = std::move(*parts);
        row.level = level_of(row.parts);
      } else {
        ctx.warning(address.where, "102",
                    "OBX-4 is not a containment address <MDS>.<VMD>.<channel>.<metric>");
      }
    }
    const std::optional<model::DateTime> own =
        inbound::read_datetime(ctx, ctx.element(i, 14), "OBX-14 observation time");
    if (own) {
      row.time = *own;
    } else if (!row.parts.empty()) {
      // The nearest ancestor device row with a time (TF-2 B.8.3), else the group's time.
      row.time = group_time;
      for (size_t depth = std::min<size_t>(depth_of(row.level), 4) - 1; depth >= 1; --depth) {
        const std::vector<uint32_t> above = ancestor(row.parts, depth);
        const auto it = std::find_if(device_times.rbegin(), device_times.rend(),
                                     [&](const TimedDevice& d) { return d.address == above; });
        if (it != device_times.rend()) {
          row.time = it->time;
          break;
        }
      }
    } else {
      row.time = group_time;
    }
    if (own && !row.parts.empty() && row.level != RowLevel::kMetric) {
      device_times.push_back({ancestor(row.parts, depth_of(row.level)), *own});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string row_text(const MapContext& ctx, const DeviceRow& row) {
  if (row.value_type == "CWE" || row.value_type == "CE" || row.value_type == "CF") {
    std::string text = ctx.text(row.value.value.part(2));
    return text.empty() ? ctx.text(row.value.value.part(1)) : text;
  }
  return ctx.text(row.value.value.raw);
}

std::optional<model::Quantity> row_quantity(MapContext& ctx, const DeviceRow& row) {
  if (!row.value.present()) return std::nullopt;
  std::optional<model::Decimal> number = model::Decimal::parse(trim(row.value.value.part(1)));
  if (!number) {
    ctx.error(row.value.where, "102", "a numeric device observation (OBX-5) is not a number");
    return std::nullopt;
  }
  model::Quantity quantity{*number, {}};
  if (!row.unit.present()) return quantity;
  const inbound::Composite& u = row.unit.value;
  const UnitTriplets triplets{ctx.text(u.part(1)), ctx.text(u.part(2)), ctx.text(u.part(3)),
                              ctx.text(u.part(4)), ctx.text(u.part(5)), ctx.text(u.part(6))};
  if (std::optional<std::string> ucum = unit_to_ucum(triplets)) {
    quantity.unit = std::move(*ucum);
  } else {
    ctx.warning(row.unit.where, "103", "OBX-6 unit is neither a known MDC unit nor UCUM");
  }
  return quantity;
}

std::string device_identifier(const MapContext& ctx, inbound::Composite ei) {
  if (ei.empty()) return {};
  std::string universal = ctx.text(ei.part(3));
  const std::string_view scheme = ei.part(4);
  const bool eui64 =
      profile::equals_ignore_case(scheme, "EUI-64") || profile::equals_ignore_case(scheme, "EUI64");
  if (!universal.empty() && eui64) {
    std::transform(universal.begin(), universal.end(), universal.begin(), profile::ascii_upper);
    return universal;
  }
  std::string entity = ctx.text(ei.part(1));
  if (!entity.empty()) return entity;
  return universal;
}

}  // namespace titrate::pcd
