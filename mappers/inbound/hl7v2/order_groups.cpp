#include "mappers/inbound/hl7v2/order_groups.h"

namespace titrate::inbound {

std::vector<OrderGroup> find_order_groups(const MapContext& ctx, std::string_view detail_id) {
  const hl7v2::Message& m = ctx.message();
  std::vector<OrderGroup> groups;
  for (size_t i = 0; i < m.segment_count(); ++i) {
    if (m.segment_id(i) != "ORC") continue;
    if (!groups.empty()) groups.back().range.end = i;
    OrderGroup group;
    group.orc = i;
    group.range = {i, m.segment_count()};
    group.detail_id = detail_id;
    groups.push_back(group);
  }
  for (OrderGroup& g : groups) {
    g.rxe = ctx.find("RXE", g.range);
    g.rxo = ctx.find("RXO", g.range);
    g.obr = ctx.find("OBR", g.range);
    g.encoded = {g.rxe ? *g.rxe : g.orc, g.range.end};
    g.tq1 = ctx.find("TQ1", g.encoded);
    if (!g.tq1) g.tq1 = ctx.find("TQ1", g.range);
    g.rxr = ctx.find("RXR", g.encoded);
    if (!g.rxr) g.rxr = ctx.find("RXR", g.range);
  }
  return groups;
}

}  // namespace titrate::inbound
