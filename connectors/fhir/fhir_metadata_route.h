#pragma once

#include <rapidjson/document.h>

#include <memory>
#include <string>

#include "connectors/http/http_server.h"

// GET /fhir/metadata: Titrate's CapabilityStatement
// (fhir-profiles/CapabilityStatement-titrate.json) as loaded at start-up, with what only the
// running server knows filled in.
namespace titrate::fhir {

inline constexpr const char* kCapabilityStatementFile = "CapabilityStatement-titrate.json";

class CapabilityStatement {
 public:
  // Reads and checks the file (a JSON object with resourceType CapabilityStatement, fhirVersion
  // 4.0.x and a rest entry). Throws config::ConfigError naming the file, the JSON pointer (or
  // byte offset) and what was expected, so a missing or broken file stops the start-up.
  static CapabilityStatement load(const std::string& file);

  // The statement with implementation.url = `base_url`, software.version = `version` (the name
  // kept, "Titrate" when absent) and date = `date` (an R4 dateTime).
  std::string render(const std::string& base_url, const std::string& version,
                     const std::string& date) const;

 private:
  std::shared_ptr<const rapidjson::Document> document_;
};

// The build's version (CMake's PROJECT_VERSION when TITRATE_VERSION is defined).
const char* titrate_version();

// GET /fhir/metadata (also with ?_format=json): date = the time this function is called (the
// server's start). `base_url` as in fhir_read_routes (empty: from the request's Host).
http::Route fhir_metadata_route(CapabilityStatement statement, std::string base_url);

}  // namespace titrate::fhir
