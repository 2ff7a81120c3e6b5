#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>

#include "mappers/inbound/hl7v2/composite.h"
#include "mappers/inbound/hl7v2/mapping_context.h"

// Where each model field is read: the profile's field-location override first, then the
// standard locations in order.
namespace titrate::inbound {

// The element at the profile's location for a model field ("order.medication" -> "ZRX-2").
// The segment is looked up inside `scope` first (the nth such segment of an order group), then
// in the whole message. nullopt when the profile does not relocate the field (or its location
// is not an element); a Located that is not present() when the location is empty here.
std::optional<Located> override_location(const MapContext&, std::string_view field_name,
                                         SegmentRange scope);

// The element a model field is taken from: the override when it holds a value, else the first
// standard candidate that does. When none does, the first candidate whose segment is in the
// message (else the first that names a segment) comes back empty, to locate "missing" issues.
// The segment of a present element is marked used.
Located pick(MapContext&, std::string_view field_name, SegmentRange scope,
             std::initializer_list<Located> standard);

// The same without an override.
Located first_present(MapContext&, std::initializer_list<Located> candidates);

}  // namespace titrate::inbound
