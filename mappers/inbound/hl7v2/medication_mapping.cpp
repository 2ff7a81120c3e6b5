#include "mappers/inbound/hl7v2/medication_mapping.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "mappers/inbound/hl7v2/coding_systems.h"
#include "mappers/inbound/hl7v2/datatypes.h"

namespace titrate::inbound {
namespace {

// The first received coding the map knows, matched on the system name as received ("L",
// "NDC") or on its URI.
const profile::CodeMapEntry* lookup(const MapContext& ctx, Composite cwe,
                                    const std::vector<profile::CodeMapEntry>& map,
                                    std::string_view default_system) {
  for (int which : {1, 2}) {
    const CweTriplet t = cwe_triplet(cwe, which);
    if (t.code.empty()) continue;
    const std::string code = ctx.text(t.code);
    std::string system = ctx.text(t.system);
    if (system.empty()) system = std::string(default_system);
    if (const profile::CodeMapEntry* e = profile::find_code(map, system, code)) return e;
    if (const profile::CodeMapEntry* e = profile::find_code(map, coding_system_uri(system), code)) {
      return e;
    }
  }
  return nullptr;
}

// Puts the mapped coding first unless it is already among the received ones.
void put_first(model::CodeableConcept& coded, const model::Coding& mapped) {
  auto same = [&](const model::Coding& c) {
    return c.system == mapped.system && c.code == mapped.code;
  };
  coded.codings.erase(std::remove_if(coded.codings.begin(), coded.codings.end(), same),
                      coded.codings.end());
  coded.codings.insert(coded.codings.begin(), mapped);
}

bool has_system(const model::CodeableConcept& coded, std::string_view system) {
  return std::any_of(coded.codings.begin(), coded.codings.end(),
                     [&](const model::Coding& c) { return c.system == system; });
}

bool required(const MapContext& ctx, std::string_view field) {
  const auto& rules = ctx.profile().required;
  return std::find(rules.begin(), rules.end(), field) != rules.end();
}

}  // namespace

model::CodeableConcept map_medication(MapContext& ctx, const Located& drug) {
  model::CodeableConcept coded = to_codeable_concept(ctx, drug.value);
  if (coded.codings.empty()) return coded;
  if (const profile::CodeMapEntry* e =
          lookup(ctx, drug.value, ctx.profile().medication_codes, {})) {
    put_first(coded, e->to);
  } else if (!has_system(coded, kRxNormUri)) {
    if (required(ctx, "order.medication")) {
      ctx.error(drug.where, "103",
                "drug code has no RxNorm mapping in the profile's medication code map, which "
                "this profile requires");
    } else {
      ctx.info(drug.where, "103", "no RxNorm mapping for local code; the local coding is kept");
    }
  }
  return coded;
}

model::CodeableConcept map_route(MapContext& ctx, const Located& route) {
  model::CodeableConcept coded = to_codeable_concept(ctx, route.value);
  if (coded.codings.empty()) return coded;
  if (coded.codings.front().system.empty() && cwe_triplet(route.value, 1).system.empty()) {
    coded.codings.front().system = std::string(kTable0162Uri);
  }
  if (const profile::CodeMapEntry* e =
          lookup(ctx, route.value, ctx.profile().route_codes, "HL70162")) {
    put_first(coded, e->to);
  } else if (!has_system(coded, kSnomedUri)) {
    ctx.info(route.where, "103", "route code has no mapping in the profile's route map");
  }
  return coded;
}

}  // namespace titrate::inbound
