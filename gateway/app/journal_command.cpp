#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <climits>
#include <cstdio>

#include "gateway/app/app_runtime.h"
#include "gateway/app/commands.h"
#include "gateway/clock/utc_time.h"
#include "gateway/config/mapping_profiles.h"
#include "gateway/ingest/fhir_ingest.h"
#include "gateway/ingest/hl7v2_ingest.h"

namespace titrate::app {
namespace {

int64_t parse_id(const CliArgs& args) {
  if (args.positional().size() != 2) throw UsageError("expected a journal id");
  char* end = nullptr;
  const long long id = std::strtoll(args.positional()[1].c_str(), &end, 10);
  if (*end != '\0' || id <= 0) throw UsageError("journal ids are positive numbers");
  return id;
}

// Lists metadata only: no message content, so no patient data.
int list(store::Journal& journal, const CliArgs& args) {
  store::JournalQuery query;
  query.limit = static_cast<size_t>(args.number("limit", 1, 1000000).value_or(50));
  query.before_id = args.number("before", 1, LONG_MAX).value_or(0);
  if (auto state = args.value("state")) {
    query.state = store::journal_state_from(*state);
    if (!query.state) throw UsageError("--state expects accepted, failed or rejected");
  }
  const std::vector<store::JournalSummary> entries = journal.list(query);
  if (args.flag("json")) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartArray();
    for (const store::JournalSummary& e : entries) {
      w.StartObject();
      w.Key("id");
      w.Int64(e.id);
      w.Key("received");
      w.String(clock::iso8601_utc(e.received_at_us).c_str());
      w.Key("channel");
      w.String(e.channel.c_str());
      w.Key("sender");
      w.String(e.sender.c_str());
      w.Key("control_id");
      w.String(e.control_id.c_str());
      w.Key("type");
      w.String(e.message_type.c_str());
      w.Key("state");
      w.String(std::string(store::to_string(e.state)).c_str());
      w.Key("replays");
      w.Int(e.replay_count);
      w.EndObject();
    }
    w.EndArray();
    std::printf("%s\n", buffer.GetString());
    return 0;
  }
  std::printf("%-8s %-24s %-10s %-24s %-22s %-10s %-8s %s\n", "ID", "RECEIVED", "CHANNEL", "SENDER",
              "CONTROL ID", "TYPE", "STATE", "REPLAYS");
  for (const store::JournalSummary& e : entries) {
    std::printf("%-8lld %-24s %-10s %-24s %-22s %-10s %-8s %d\n", static_cast<long long>(e.id),
                clock::iso8601_utc(e.received_at_us).c_str(), e.channel.c_str(), e.sender.c_str(),
                e.control_id.c_str(), e.message_type.c_str(),
                std::string(store::to_string(e.state)).c_str(), e.replay_count);
  }
  return 0;
}

int show(store::Journal& journal, int64_t id) {
  std::optional<store::JournalRecord> e = journal.get(id);
  if (!e) {
    std::fprintf(stderr, "titrate journal: no entry %lld\n", static_cast<long long>(id));
    return 1;
  }
  std::printf(
      "id:          %lld\nreceived:    %s\nupdated:     %s\nchannel:     %s\nsender:      %s\n"
      "control id:  %s\ntype:        %s\nstate:       %s\nreplays:     %d\nerror:       %s\n",
      static_cast<long long>(e->id), clock::iso8601_utc(e->received_at_us).c_str(),
      clock::iso8601_utc(e->updated_at_us).c_str(), e->channel.c_str(), e->sender.c_str(),
      e->control_id.c_str(), e->message_type.c_str(),
      std::string(store::to_string(e->state)).c_str(), e->replay_count,
      e->error.empty() ? "-" : e->error.c_str());
  std::printf("\n--- acknowledgement ---\n%s\n", printable_segments(e->ack).c_str());
  std::printf("\n--- message (%zu bytes) ---\n%s\n", e->raw.size(),
              printable_segments(e->raw).c_str());
  return 0;
}

}  // namespace

int run_journal(const std::vector<std::string>& raw_args) {
  CliArgs args(raw_args, {"config", "data-dir", "state", "limit", "before", "log-level"}, {"json"});
  if (args.positional().empty()) throw UsageError("journal needs list, show ID or replay ID");
  const std::string& action = args.positional()[0];
  config::GatewayConfig config = load_config(args);
  std::unique_ptr<store::Journal> journal = open_journal(config);
  if (action == "list") return list(*journal, args);
  if (action == "show") return show(*journal, parse_id(args));
  if (action == "replay") {
    const int64_t id = parse_id(args);
    const std::optional<store::JournalRecord> record = journal->get(id);
    if (!record) {
      std::fprintf(stderr, "titrate journal: no entry %lld\n", static_cast<long long>(id));
      return 1;
    }
    ingest::ProfileRegistry profiles(config::load_mapping_profiles(config.mappings_dir));
    std::pair<store::JournalState, std::string> outcome;
    if (is_json_payload(record->raw)) {
      ingest::FhirIngest fhir(*journal, profiles, nullptr);
      outcome = fhir.replay(id);
    } else {
      ingest::Hl7v2Ingest hl7(*journal, config.hl7v2, profiles, nullptr);
      outcome = hl7.replay(id, config);
    }
    const auto& [state, error] = outcome;
    std::printf("journal %lld: %s%s%s\n", static_cast<long long>(id),
                std::string(store::to_string(state)).c_str(), error.empty() ? "" : ": ",
                error.c_str());
    return state == store::JournalState::kAccepted ? 0 : 1;
  }
  throw UsageError("unknown journal action '" + action + "'");
}

}  // namespace titrate::app
