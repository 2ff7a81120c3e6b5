#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gateway/model/values.h"
#include "mappers/inbound/hl7v2/composite.h"
#include "mappers/inbound/hl7v2/mapping_context.h"

// The OBX rows of one OBR group of a PCD ORU, read as the IEEE 11073 containment tree
// (TF-2 B.8): OBX-4 "<MDS>.<VMD>.<channel>.<metric>[.<facet>]", device rows with trailing zeros.
namespace titrate::pcd {

enum class RowLevel { kMds, kVmd, kChannel, kMetric };

struct DeviceRow {
  size_t segment = 0;           // 0-based index in the message
  std::string code;             // OBX-3.1, MDC numeric code ("157784")
  std::string refid;            // OBX-3.2, MDC reference id ("MDC_FLOW_FLUID_PUMP")
  std::string value_type;       // OBX-2
  std::string address;          // OBX-4 as sent ("1.1.2.4")
  std::vector<uint32_t> parts;  // its numbers; empty when OBX-4 is absent or malformed
  RowLevel level = RowLevel::kMetric;
  model::DateTime time;        // OBX-14, else inherited from the nearest device row above
  inbound::Located value;      // OBX-5
  inbound::Located unit;       // OBX-6
  inbound::Located equipment;  // OBX-18

  uint32_t mds() const { return parts.empty() ? 0 : parts.front(); }
  bool is(std::string_view mdc_code, std::string_view mdc_refid) const {
    return code == mdc_code || (!mdc_refid.empty() && refid == mdc_refid);
  }
};

// OBX rows in [begin, end): located issues for a malformed OBX-4 (102) or OBX-14 (102).
// `group_time` (OBR-7) is the time of rows with no time of their own or of an ancestor.
std::vector<DeviceRow> read_device_rows(inbound::MapContext& ctx, inbound::SegmentRange range,
                                        const model::DateTime& group_time);

// The value of a CWE/ST row as text: CWE-2 (the enumeration text, "pump-status-infusing"),
// else CWE-1; ST unescaped.
std::string row_text(const inbound::MapContext& ctx, const DeviceRow& row);

// A numeric row (NM, or a number in an untyped row) -> Quantity in UCUM. Absent value:
// nullopt silently; not a number: 102 at OBX-5; unknown unit: 103 at OBX-6 (warning, the value
// is kept with an empty unit); no unit: quantity with an empty unit.
std::optional<model::Quantity> row_quantity(inbound::MapContext& ctx, const DeviceRow& row);

// OBX-18 (EI) of a device row, normalised to one string:
//   EI-3 with EI-4 "EUI-64" -> the EUI-64 in upper case ("0012210000000000");
//   else EI-1 (the pump/channel id of newer systems);
//   else EI-3 (the deprecated "^^<id>^<vendor>" form) -> the id.
// Empty when OBX-18 is empty. The PCD-03 builder writes a device the inverse way, so a pump
// named by us comes back under the same string.
std::string device_identifier(const inbound::MapContext& ctx, inbound::Composite ei);

}  // namespace titrate::pcd
