#include "mappers/inbound/hl7v2/datatypes.h"

#include "mappers/inbound/hl7v2/coding_systems.h"
#include "mappers/profile/text.h"

namespace titrate::inbound {
namespace {

std::string_view name_use(std::string_view type) {
  if (type == "L") return "official";
  if (type == "D") return "usual";
  if (type == "M") return "maiden";
  if (type == "N") return "nickname";
  if (type == "S") return "anonymous";
  return {};
}

void add_given(const MapContext& ctx, std::string_view raw, model::HumanName& name) {
  std::string given = ctx.text(raw);
  if (!given.empty()) name.given.push_back(std::move(given));
}

}  // namespace

CweTriplet cwe_triplet(Composite cwe, int which) {
  const size_t first = which == 1 ? 1 : 4;
  return {cwe.part(first), cwe.part(first + 1), cwe.part(first + 2)};
}

model::Coding to_coding(const MapContext& ctx, const CweTriplet& t) {
  model::Coding coding;
  coding.system = coding_system_uri(ctx.text(t.system));
  coding.code = ctx.text(t.code);
  coding.display = ctx.text(t.text);
  return coding;
}

model::CodeableConcept to_codeable_concept(const MapContext& ctx, Composite cwe) {
  model::CodeableConcept coded;
  for (int which : {1, 2}) {
    const CweTriplet t = cwe_triplet(cwe, which);
    if (!t.code.empty() && t.code != "\"\"") coded.codings.push_back(to_coding(ctx, t));
  }
  coded.text = ctx.text(cwe.part(9));
  if (coded.text.empty()) coded.text = ctx.text(cwe.part(2));
  return coded;
}

std::string authority_system(const MapContext& ctx, Composite hd) {
  const std::string namespace_id = ctx.text(hd.part(1));
  if (!namespace_id.empty()) {
    const auto& systems = ctx.profile().identifier_systems;
    if (auto it = systems.find(namespace_id); it != systems.end()) return it->second;
    return "urn:titrate:authority:" + namespace_id;
  }
  const std::string universal_id = ctx.text(hd.part(2));
  if (universal_id.empty()) return {};
  if (profile::equals_ignore_case(hd.part(3), "ISO")) return "urn:oid:" + universal_id;
  if (profile::equals_ignore_case(hd.part(3), "UUID")) return "urn:uuid:" + universal_id;
  return universal_id;
}

model::Identifier cx_identifier(const MapContext& ctx, Composite cx,
                                std::string_view default_type) {
  model::Identifier id;
  id.value = ctx.text(cx.part(1));
  const Composite authority = cx.sub(4);
  id.assigner = ctx.text(authority.part(1));
  id.system = authority_system(ctx, authority);
  id.type = ctx.text(cx.part(5));
  if (id.type.empty()) id.type = std::string(default_type);
  return id;
}

model::Identifier ei_identifier(const MapContext& ctx, Composite ei, std::string_view type) {
  model::Identifier id;
  id.value = ctx.text(ei.part(1));
  // EI.2-4 are the assigning authority's HD, flattened into components: read them as an HD.
  const size_t skip = ei.part(1).size() + 1;
  const Composite authority{skip < ei.raw.size() ? ei.raw.substr(skip) : std::string_view{},
                            ei.separator, '\0'};
  id.assigner = ctx.text(authority.part(1));
  id.system = authority_system(ctx, authority);
  id.type = std::string(type);
  return id;
}

model::HumanName xpn_name(const MapContext& ctx, Composite xpn) {
  model::HumanName name;
  name.family = ctx.text(xpn.sub(1).part(1));
  add_given(ctx, xpn.part(2), name);
  add_given(ctx, xpn.part(3), name);
  name.suffix = ctx.text(xpn.part(4));
  name.prefix = ctx.text(xpn.part(5));
  name.use = std::string(name_use(xpn.part(7)));
  return name;
}

model::Practitioner xcn_practitioner(const MapContext& ctx, Composite xcn) {
  model::Practitioner p;
  p.identifier.value = ctx.text(xcn.part(1));
  const Composite authority = xcn.sub(9);
  p.identifier.assigner = ctx.text(authority.part(1));
  p.identifier.system = authority_system(ctx, authority);
  p.identifier.type = ctx.text(xcn.part(13));
  p.name.family = ctx.text(xcn.sub(2).part(1));
  add_given(ctx, xcn.part(3), p.name);
  add_given(ctx, xcn.part(4), p.name);
  p.name.suffix = ctx.text(xcn.part(5));
  p.name.prefix = ctx.text(xcn.part(6));
  return p;
}

model::Location pl_location(const MapContext& ctx, Composite pl) {
  model::Location location;
  location.point_of_care = ctx.text(pl.sub(1).part(1));
  location.room = ctx.text(pl.sub(2).part(1));
  location.bed = ctx.text(pl.sub(3).part(1));
  location.facility = ctx.text(pl.sub(4).part(1));
  return location;
}

}  // namespace titrate::inbound
