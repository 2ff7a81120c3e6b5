#include "gateway/ingest/fhir_ingest.h"

#include <Poco/UUIDGenerator.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>

#include "gateway/clock/utc_time.h"
#include "gateway/ingest/bus_events.h"
#include "gateway/log/log.h"

namespace titrate::ingest {
namespace {

constexpr std::array<std::string_view, 6> kAcceptedTypes = {"Patient",        "Observation",
                                                            "Condition",      "AllergyIntolerance",
                                                            "ServiceRequest", "MedicationRequest"};

model::MappingIssue issue(std::string code, std::string location, std::string message) {
  model::MappingIssue i;
  i.severity = model::MappingIssue::Severity::kError;
  i.code = std::move(code);
  i.location = std::move(location);
  i.message = std::move(message);
  return i;
}

std::string describe_issues(const std::vector<model::MappingIssue>& issues) {
  std::string out;
  for (const model::MappingIssue& i : issues) {
    if (i.severity != model::MappingIssue::Severity::kError) continue;
    if (!out.empty()) out += "; ";
    if (!i.location.empty()) out += i.location + ": ";
    out += i.message;
  }
  return out;
}

// For the log: where the errors are, not what they say (validator messages quote the values).
std::string describe_issue_locations(const std::vector<model::MappingIssue>& issues) {
  std::string out;
  for (const model::MappingIssue& i : issues) {
    if (i.severity != model::MappingIssue::Severity::kError) continue;
    if (!out.empty()) out += ", ";
    out += i.location.empty() ? "(resource)" : i.location;
  }
  return out;
}

std::string new_id() {
  return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

std::string write(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// Gives a resource the server's id and meta, as a FHIR create does.
void stamp(rapidjson::Value& resource, rapidjson::Document::AllocatorType& alloc,
           const std::string& id, const std::string& updated) {
  resource.RemoveMember("id");
  resource.AddMember("id", rapidjson::Value(id.c_str(), alloc), alloc);
  resource.RemoveMember("meta");
  rapidjson::Value meta(rapidjson::kObjectType);
  meta.AddMember("versionId", "1", alloc);
  meta.AddMember("lastUpdated", rapidjson::Value(updated.c_str(), alloc), alloc);
  resource.AddMember("meta", meta, alloc);
}

std::string location_of(const std::string& type, const std::string& id) {
  return type + "/" + id + "/_history/1";
}

// The response to a successful create: the resource as stored, or a transaction-response Bundle.
std::string created_response(rapidjson::Document& doc, const std::string& type,
                             std::string& location) {
  auto& alloc = doc.GetAllocator();
  const std::string updated = clock::iso8601_utc(clock::now_us());
  if (type != "Bundle") {
    const std::string id = new_id();
    stamp(doc, alloc, id, updated);
    location = location_of(type, id);
    return write(doc);
  }
  const std::string bundle_type = doc["type"].GetString();
  rapidjson::Document out(rapidjson::kObjectType);
  auto& oa = out.GetAllocator();
  out.AddMember("resourceType", "Bundle", oa);
  out.AddMember("id", rapidjson::Value(new_id().c_str(), oa), oa);
  out.AddMember("type", rapidjson::Value((bundle_type + "-response").c_str(), oa), oa);
  rapidjson::Value entries(rapidjson::kArrayType);
  if (doc.HasMember("entry") && doc["entry"].IsArray()) {
    for (auto& entry : doc["entry"].GetArray()) {
      rapidjson::Value response(rapidjson::kObjectType);
      std::string entry_type = "Resource";
      if (entry.IsObject() && entry.HasMember("resource") && entry["resource"].IsObject() &&
          entry["resource"].HasMember("resourceType") &&
          entry["resource"]["resourceType"].IsString()) {
        entry_type = entry["resource"]["resourceType"].GetString();
      }
      response.AddMember("status", "201 Created", oa);
      response.AddMember("location",
                         rapidjson::Value(location_of(entry_type, new_id()).c_str(), oa), oa);
      response.AddMember("lastModified", rapidjson::Value(updated.c_str(), oa), oa);
      rapidjson::Value e(rapidjson::kObjectType);
      e.AddMember("response", response, oa);
      entries.PushBack(e, oa);
    }
  }
  out.AddMember("entry", entries, oa);
  return write(out);
}

}  // namespace

bool fhir_type_accepted(std::string_view type) {
  for (std::string_view t : kAcceptedTypes) {
    if (t == type) return true;
  }
  return false;
}

FhirIngest::FhirIngest(store::Journal& journal, const ProfileRegistry& profiles, MappedSink* sink,
                       inbound::fhir::FhirLimits limits, const bus::Topics* topics)
    : journal_(journal), profiles_(profiles), sink_(sink), topics_(topics), limits_(limits) {}

FhirIngest::Outcome FhirIngest::process(const FhirInbound& inbound) const {
  Outcome out;
  // A look at resourceType first, so a request to the wrong URL gets a precise 400.
  rapidjson::Document& doc = out.document;
  doc.Parse<rapidjson::kParseIterativeFlag>(inbound.body.data(), inbound.body.size());
  if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("resourceType") &&
      doc["resourceType"].IsString()) {
    out.resource_type = doc["resourceType"].GetString();
    if (out.resource_type == "Bundle" && doc.HasMember("type") && doc["type"].IsString()) {
      out.bundle_type = doc["type"].GetString();
    }
    const std::string expected =
        inbound.path_type.empty() ? "Bundle" : std::string(inbound.path_type);
    if (out.resource_type != expected) {
      out.status = 400;
      out.state = store::JournalState::kRejected;
      out.mapped.issues.push_back(issue("invalid", "resourceType",
                                        "resourceType " + out.resource_type +
                                            " does not match the URL, which expects " + expected));
      return out;
    }
    if (out.resource_type == "Bundle" && out.bundle_type != "transaction" &&
        out.bundle_type != "batch") {
      out.status = 400;
      out.state = store::JournalState::kRejected;
      out.mapped.issues.push_back(
          issue("not-supported", "Bundle.type", "POST /fhir takes a transaction or batch Bundle"));
      return out;
    }
  }
  const auto profiles = profiles_.current();
  const profile::MappingProfile* profile = profile::select_fhir_profile(*profiles, inbound.client);
  if (!profile) {
    out.status = 422;
    out.state = store::JournalState::kFailed;
    out.mapped.issues.push_back(
        issue("not-supported", "", "no mapping profile matches this FHIR client"));
    return out;
  }
  out.mapped = inbound::fhir::map_fhir(inbound.body, *profile, limits_);
  out.status = inbound::fhir::http_status_for(out.mapped);
  out.state = out.status == 400   ? store::JournalState::kRejected
              : out.status >= 300 ? store::JournalState::kFailed
                                  : store::JournalState::kAccepted;
  out.mapped.source.channel = inbound.channel;
  out.mapped.source.sender = inbound.client;
  out.mapped.source.control_id = inbound.if_none_exist;
  out.mapped.source.format = "fhir";
  return out;
}

FhirIngestResult FhirIngest::accept(const FhirInbound& inbound) {
  const int64_t received = clock::now_us();
  Outcome outcome = process(inbound);
  FhirIngestResult result;
  result.state = outcome.state;
  result.status = outcome.status;
  if (outcome.state == store::JournalState::kAccepted) {
    result.body = created_response(outcome.document, outcome.resource_type, result.location);
    result.status = outcome.resource_type == "Bundle" ? 200 : 201;
  } else {
    result.body = inbound::fhir::operation_outcome(outcome.mapped.issues);
  }

  store::JournalEntry entry;
  entry.channel = inbound.channel;
  entry.sender = inbound.client;
  entry.control_id = inbound.if_none_exist;
  entry.message_type = outcome.resource_type.empty() ? "FHIR" : outcome.resource_type;
  if (!outcome.bundle_type.empty()) entry.message_type += "^" + outcome.bundle_type;
  entry.raw = inbound.body;
  entry.state = outcome.state;
  entry.error = describe_issues(outcome.mapped.issues);
  entry.ack = result.body;
  entry.received_at_us = received;
  // Only a successful create may answer a repeat of its If-None-Exist.
  if (outcome.state != store::JournalState::kAccepted) entry.control_id.clear();
  if (outcome.state == store::JournalState::kAccepted && topics_) {
    entry.events = bus_events(outcome.mapped, *topics_, {clock::iso8601_utc(received)});
  }

  store::AppendResult appended = journal_.append(std::move(entry));
  result.journal_id = appended.id;
  if (appended.duplicate) {
    // FHIR conditional create that matches: 200 with what was created the first time.
    result.duplicate = true;
    result.status = 200;
    result.body = appended.ack;
    result.location.clear();
    return result;
  }
  if (outcome.state == store::JournalState::kAccepted) {
    if (sink_) {
      outcome.mapped.source.journal_id = result.journal_id;
      sink_->deliver(outcome.mapped);
    }
  } else {
    if (outcome.state == store::JournalState::kFailed) ++mapping_failures_;
    TITRATE_LOG_WARN("fhir: journal %lld %s (%d): errors at %s",
                     static_cast<long long>(result.journal_id),
                     std::string(store::to_string(outcome.state)).c_str(), result.status,
                     describe_issue_locations(outcome.mapped.issues).c_str());
  }
  return result;
}

std::pair<store::JournalState, std::string> FhirIngest::replay(int64_t journal_id) {
  std::optional<store::JournalRecord> record = journal_.get(journal_id);
  if (!record) throw std::runtime_error("no journal entry " + std::to_string(journal_id));
  FhirInbound inbound;
  inbound.channel = record->channel;
  const std::string type = record->message_type.substr(0, record->message_type.find('^'));
  inbound.path_type = type == "Bundle" ? std::string_view() : std::string_view(type);
  inbound.body = record->raw;
  inbound.client = record->sender;
  Outcome outcome = process(inbound);
  const std::string error_text = describe_issues(outcome.mapped.issues);
  std::vector<store::PendingEvent> events;
  if (outcome.state == store::JournalState::kAccepted && topics_) {
    events = bus_events(outcome.mapped, *topics_, {clock::iso8601_utc(clock::now_us())});
  }
  journal_.record_replay(journal_id, outcome.state, error_text, std::move(events));
  if (outcome.state == store::JournalState::kAccepted && sink_) {
    outcome.mapped.source.journal_id = journal_id;
    sink_->deliver(outcome.mapped);
  }
  return {outcome.state, error_text};
}

}  // namespace titrate::ingest
