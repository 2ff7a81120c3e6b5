#include "mappers/outbound/fhir/device.h"

#include <array>
#include <utility>

#include "mappers/outbound/fhir/code_systems.h"
#include "mappers/outbound/fhir/fhir_id.h"
#include "mappers/outbound/fhir/profiles.h"
#include "mappers/outbound/fhir/resource_writer.h"

namespace titrate::outbound::fhir {
namespace {

// MDS / VMD codes of domain-reference §3.5 and the PCD-01 monitor MDS.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kDeviceKinds{{
    {"69985", "MDC_DEV_PUMP_INFUS_MDS"},
    {"69986", "MDC_DEV_PUMP_INFUS_VMD"},
    {"70049", "MDC_DEV_PUMP_INFUS_LVP_MDS"},
    {"70050", "MDC_DEV_PUMP_INFUS_LVP_VMD"},
    {"126977", "MDC_DEV_PUMP_INFUS_CHAN_SOURCE"},
    {"126978", "MDC_DEV_PUMP_INFUS_CHAN_DELIVERY"},
    {"69965", "MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS"},
}};

std::string_view kind_display(std::string_view kind) {
  for (const auto& [code, refid] : kDeviceKinds) {
    if (code == kind) return refid;
  }
  return {};
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

bool is_eui64(std::string_view s) {
  int digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_hex(s[i])) {
      ++digits;
    } else if ((s[i] != '-' && s[i] != ':') || digits == 0 || digits % 2 != 0 ||
               i + 1 == s.size()) {
      return false;
    }
  }
  return digits == 16;
}

}  // namespace

model::Identifier device_identifier(std::string_view device) {
  model::Identifier id;
  id.system = std::string(is_eui64(device) ? systems::kEui64 : systems::kTitrateDevice);
  id.value = std::string(device);
  return id;
}

FhirResource map_device(std::string_view device, std::string_view kind) {
  if (device.empty()) throw OutboundFhirError("Device without a device id");
  const std::string id = safe_fhir_id(device);
  ResourceWriter w("Device", id, {profiles::kDevice});
  w.key("identifier");
  w.start_array();
  w.identifier(device_identifier(device));
  w.end_array();
  w.member("status", "active");
  if (!kind.empty()) {
    w.key("type");
    w.codeable_concept(systems::kMdc, kind, kind_display(kind));
  }
  return {"Device", id, w.finish()};
}

}  // namespace titrate::outbound::fhir
