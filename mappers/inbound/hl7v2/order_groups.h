#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "mappers/inbound/hl7v2/mapping_context.h"

namespace titrate::inbound {

// One ORC and the segments that follow it up to the next ORC (its RXO/RXE/OBR, TQ1, RXR, RXC,
// DG1, NTE, OBX and any Z-segments).
struct OrderGroup {
  size_t orc = 0;
  SegmentRange range;
  std::string_view detail_id;  // the detail segment this message type expects: "RXE" or "RXO"
  std::optional<size_t> rxe, rxo, obr;
  // RDE repeats TQ1/RXR/RXC after RXO (the request) and after RXE (the encoded order): the
  // ones after RXE win; otherwise the first in the group.
  std::optional<size_t> tq1, rxr;
  SegmentRange encoded;  // from RXE (or the ORC) to the end of the group

  // The detail segment the order's amounts are read from first (RXE, else RXO).
  std::optional<size_t> primary() const { return rxe ? rxe : rxo; }
};

// The ORC groups of an ORM^O01 or RDE^O11 (`detail_id` "RXO" or "RXE"), in message order.
std::vector<OrderGroup> find_order_groups(const MapContext&, std::string_view detail_id);

}  // namespace titrate::inbound
