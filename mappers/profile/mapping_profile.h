#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/model/values.h"
#include "mappers/profile/time_zone.h"

// A per-sender mapping profile (config/mappings/*.json): where each order field is found,
// how local codes and units translate, how to read timestamps without an offset, and what
// must be present. An interface engineer writes one per sending system.
namespace titrate::profile {

// Which inbound messages the profile applies to. Empty members match anything; a profile with
// no match members at all is the default profile.
struct SenderMatch {
  std::string sending_application;  // MSH-3.1
  std::string sending_facility;     // MSH-4.1
  std::string fhir_client;          // the FHIR client id (from its credentials, or a header)
  bool operator==(const SenderMatch&) const = default;
};

// One local code translated to a standard coding. The local coding is kept beside it.
struct CodeMapEntry {
  std::string from_system;  // empty: any system (HL7 coding system names like "L", "NDC" or URIs)
  std::string from_code;
  model::Coding to;
};

// What to do with a segment (or JSON element) the mapping does not use.
enum class UnknownElementPolicy { kReport, kReject };

// Timestamps that arrive without a UTC offset.
struct TimestampPolicy {
  bool reject_without_offset = false;  // reject the message instead of assuming a zone
  TimeZone zone;                       // used when not rejecting (UTC unless the profile says)
};

struct MappingProfile {
  std::string name;
  std::string file;  // where it was loaded from (for messages)
  SenderMatch match;
  TimestampPolicy timestamps;
  std::string patient_identifier_type = "MR";  // which PID-3 repetition is the patient key
  // Assigning authority (CX-4.1 / HD namespace) -> identifier system URI.
  std::map<std::string, std::string> identifier_systems;
  // Field-location overrides: model field name -> HL7v2 location spec ("ZRX-1", "OBR-4.1").
  // Known field names: order.medication, order.dose, order.dose_unit, order.dose_rate,
  // order.dose_rate_unit, order.infusion_rate, order.infusion_rate_unit, order.duration,
  // order.route, order.placer, order.filler, order.indication, order.device, patient.weight.
  std::map<std::string, std::string> field_locations;
  std::vector<CodeMapEntry> medication_codes;
  std::vector<CodeMapEntry> route_codes;
  std::map<std::string, std::string> units;  // local unit text -> UCUM code ("MG/HR" -> "mg/h")
  // Required HL7v2 locations or model fields ("PV1-19", "order.dose_rate"): missing -> error.
  std::vector<std::string> required;
  UnknownElementPolicy unknown_segments = UnknownElementPolicy::kReport;
  // The care area of this sender's orders (chronic-pain, mental-health) when the order does not
  // say; empty: the dosing module decides from the indication or holds the order.
  std::string care_area;
};

// A mistake in a profile: the file, the JSON pointer, and what was expected.
struct ProfileError {
  std::string file;
  std::string pointer;
  std::string expected;
  std::string to_string()
      const;  // "config/mappings/epic.json: /code_maps/units/MG: expected a string"
};

// Parses one profile from JSON text (no I/O: the caller reads the file and, for a named time
// zone, hands over the TZif bytes through `load_zone`). Every mistake is reported, not just the
// first.
struct ProfileParseResult {
  std::optional<MappingProfile> profile;
  std::vector<ProfileError> errors;
};
using ZoneLoader =
    std::optional<std::string> (*)(std::string_view zone_name);  // TZif bytes or nullopt
ProfileParseResult parse_mapping_profile(std::string_view json_text, std::string_view file,
                                         ZoneLoader load_zone);

// Lookups used by the mappers.
const CodeMapEntry* find_code(const std::vector<CodeMapEntry>& map, std::string_view system,
                              std::string_view code);
// A unit as received -> UCUM: the profile's unit map first, then the built-in table of common
// HL7 spellings ("MG" -> "mg", "ML/HR" -> "mL/h", "MG/KG/HR" -> "mg/kg/h", "KG", "LB" ->
// "[lb_av]").
std::optional<std::string> to_ucum(const MappingProfile& profile, std::string_view unit);

// Picks the profile for a sender: the most specific match wins (application+facility over
// application over the default). nullptr when none matches and there is no default.
const MappingProfile* select_profile(const std::vector<MappingProfile>& profiles,
                                     std::string_view sending_application,
                                     std::string_view sending_facility);
const MappingProfile* select_fhir_profile(const std::vector<MappingProfile>& profiles,
                                          std::string_view fhir_client);

}  // namespace titrate::profile
