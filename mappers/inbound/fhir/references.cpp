#include "mappers/inbound/fhir/references.h"

namespace titrate::inbound::fhir {
namespace {

// "Patient/123" from ".../Patient/123" or ".../Patient/123/_history/2".
std::string_view type_and_id(std::string_view reference) {
  if (const size_t history = reference.find("/_history/"); history != std::string_view::npos) {
    reference = reference.substr(0, history);
  }
  const size_t last = reference.rfind('/');
  if (last == std::string_view::npos || last == 0) return {};
  const size_t before = reference.rfind('/', last - 1);
  return before == std::string_view::npos ? reference : reference.substr(before + 1);
}

}  // namespace

bool is_internal_reference(std::string_view reference) {
  return reference.starts_with("#") || reference.starts_with("urn:uuid:") ||
         reference.starts_with("urn:oid:");
}

std::string reference_name(const Located& located) {
  if (located.container != nullptr) return std::string("#").append(located.id());
  if (!located.id().empty()) return std::string(located.type()) + "/" + std::string(located.id());
  return located.full_url;
}

const Located& ResourceIndex::add(const JsonValue& resource, std::string path,
                                  std::string full_url) {
  Located& top = all_.emplace_back(Located{&resource, std::move(path), std::move(full_url)});
  if (!top.full_url.empty()) by_url_.emplace(top.full_url, &top);
  if (!top.id().empty()) {
    by_url_.emplace(std::string(top.type()) + "/" + std::string(top.id()), &top);
  }
  if (const JsonValue* contained = resource.find("contained")) {
    for (size_t i = 0; i < contained->items.size(); ++i) {
      const JsonValue& item = contained->items[i];
      Located& inner = all_.emplace_back(
          Located{&item, top.path + ".contained[" + std::to_string(i) + "]", {}, &top});
      if (!inner.id().empty()) contained_.emplace(std::pair(&top, std::string(inner.id())), &inner);
    }
  }
  return top;
}

const Located* ResourceIndex::resolve(std::string_view reference, const Located& from) const {
  if (reference.starts_with("#")) {
    const Located* container = from.container != nullptr ? from.container : &from;
    auto found = contained_.find(std::pair(container, std::string(reference.substr(1))));
    return found == contained_.end() ? nullptr : found->second;
  }
  if (auto found = by_url_.find(reference); found != by_url_.end()) return found->second;
  if (is_internal_reference(reference)) return nullptr;
  std::string_view short_form = type_and_id(reference);
  if (short_form.empty()) return nullptr;
  auto found = by_url_.find(short_form);
  return found == by_url_.end() ? nullptr : found->second;
}

}  // namespace titrate::inbound::fhir
