#pragma once

#include <rapidjson/document.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/bus/bus.h"
#include "gateway/ingest/mapped_sink.h"
#include "gateway/ingest/profile_registry.h"
#include "gateway/store/journal.h"
#include "mappers/inbound/fhir/map_fhir.h"

namespace titrate::ingest {

struct FhirInbound {
  std::string_view channel = "fhir";
  std::string_view path_type;  // the resource type named by the URL; empty for POST /fhir
  std::string_view body;
  std::string_view client;  // the FHIR client (for profile selection and dedup)
  std::string_view
      if_none_exist;  // the If-None-Exist header: repeats with the same value are duplicates
};

struct FhirIngestResult {
  int status = 201;
  std::string body;  // the created resource, a transaction-response Bundle, or an OperationOutcome
  std::string location;  // for a single created resource
  int64_t journal_id = 0;
  bool duplicate = false;
  store::JournalState state = store::JournalState::kAccepted;
};

// The ingest stage for FHIR REST: validate and map with the client's profile, journal the
// request with its outcome and response, then hand the mapped message to the sink.
class FhirIngest {
 public:
  // With `topics`, an accepted request's bus events are written in its journal transaction.
  FhirIngest(store::Journal& journal, const ProfileRegistry& profiles, MappedSink* sink,
             inbound::fhir::FhirLimits limits = {}, const bus::Topics* topics = nullptr);

  FhirIngestResult accept(const FhirInbound& inbound);
  std::pair<store::JournalState, std::string> replay(int64_t journal_id);

  uint64_t mapping_failures() const { return mapping_failures_; }

 private:
  struct Outcome {
    int status = 201;
    store::JournalState state = store::JournalState::kAccepted;
    model::MappedMessage mapped;
    std::string resource_type;  // as read from the body
    std::string bundle_type;
    rapidjson::Document document;  // the body, parsed once for the type check and the response
  };
  Outcome process(const FhirInbound& inbound) const;

  store::Journal& journal_;
  const ProfileRegistry& profiles_;
  MappedSink* sink_;
  const bus::Topics* topics_;
  inbound::fhir::FhirLimits limits_;
  std::atomic<uint64_t> mapping_failures_{0};
};

// The resource types POST /fhir/{type} accepts.
bool fhir_type_accepted(std::string_view type);

}  // namespace titrate::ingest
