#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <climits>
#include <cstdio>
#include <filesystem>

#include "gateway/app/app_runtime.h"
#include "gateway/app/commands.h"
#include "gateway/clock/utc_time.h"
#include "gateway/store/outbox.h"

// `titrate outbox`: the push outbox in the journal's database. Listings show what was sent
// where and how it went, never payloads (they carry patient data).
namespace titrate::app {
namespace {

std::string state_text(store::OutboxState state) {
  return std::string(store::to_string(state));
}

void print_json(const std::vector<store::OutboxRow>& rows) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const store::OutboxRow& r : rows) {
    w.StartObject();
    w.Key("id");
    w.Int64(r.id);
    w.Key("destination");
    w.String(r.destination.c_str());
    w.Key("kind");
    w.String(r.kind.c_str());
    w.Key("resource_type");
    w.String(r.resource_type.c_str());
    w.Key("resource_id");
    w.String(r.resource_id.c_str());
    w.Key("version");
    w.Int64(r.version);
    w.Key("state");
    w.String(state_text(r.state).c_str());
    w.Key("attempts");
    w.Int(r.attempts);
    w.Key("next_attempt");
    w.String(clock::iso8601_utc(r.next_attempt_us).c_str());
    w.Key("last_error");
    w.String(r.last_error.c_str());
    w.Key("created");
    w.String(clock::iso8601_utc(r.created_us).c_str());
    w.Key("updated");
    w.String(clock::iso8601_utc(r.updated_us).c_str());
    w.EndObject();
  }
  w.EndArray();
  std::printf("%s\n", buffer.GetString());
}

int list(store::Outbox& outbox, const CliArgs& args) {
  if (args.positional().size() != 1) throw UsageError("outbox list takes no positional arguments");
  store::OutboxQuery query;
  query.destination = args.value("destination");
  query.limit = static_cast<size_t>(args.number("limit", 1, 1000000).value_or(100));
  query.after_id = args.number("after", 0, LONG_MAX).value_or(0);
  if (auto state = args.value("state")) {
    query.state = store::outbox_state_from(*state);
    if (!query.state) throw UsageError("--state expects pending, delivered, dead or superseded");
  }
  const std::vector<store::OutboxRow> rows = outbox.list(query);
  if (args.flag("json")) {
    print_json(rows);
    return 0;
  }
  std::printf("%-8s %-12s %-26s %-38s %-7s %-10s %-8s %-24s %s\n", "ID", "DESTINATION", "TYPE",
              "RESOURCE ID", "VERSION", "STATE", "ATTEMPTS", "UPDATED", "LAST ERROR");
  for (const store::OutboxRow& r : rows) {
    std::printf("%-8lld %-12s %-26s %-38s %-7lld %-10s %-8d %-24s %s\n",
                static_cast<long long>(r.id), r.destination.c_str(), r.resource_type.c_str(),
                r.resource_id.c_str(), static_cast<long long>(r.version),
                state_text(r.state).c_str(), r.attempts, clock::iso8601_utc(r.updated_us).c_str(),
                r.last_error.c_str());
  }
  return 0;
}

int retry(store::Outbox& outbox, const CliArgs& args) {
  const int64_t now = clock::now_us();
  if (args.flag("dead")) {
    if (args.positional().size() != 1) throw UsageError("outbox retry takes an id or --dead");
    const size_t revived = outbox.retry_dead(args.value("destination"), now);
    std::printf("%zu dead item%s retried\n", revived, revived == 1 ? "" : "s");
    return 0;
  }
  if (args.positional().size() != 2 || args.value("destination")) {
    throw UsageError("outbox retry expects an id, or --dead [--destination D]");
  }
  char* end = nullptr;
  const long long id = std::strtoll(args.positional()[1].c_str(), &end, 10);
  if (*end != '\0' || id <= 0) throw UsageError("outbox ids are positive numbers");
  const std::optional<store::OutboxRow> before = outbox.get(id);
  if (!before) {
    std::fprintf(stderr, "titrate outbox: no item %lld\n", id);
    return 1;
  }
  if (!outbox.retry(id, now)) {
    std::fprintf(stderr, "titrate outbox: item %lld is %s, not dead\n", id,
                 state_text(before->state).c_str());
    return 1;
  }
  // A dead version that a newer one has overtaken is superseded rather than sent again.
  std::printf("item %lld %s\n", id, state_text(outbox.get(id)->state).c_str());
  return 0;
}

}  // namespace

int run_outbox(const std::vector<std::string>& raw_args) {
  CliArgs args(raw_args, {"config", "data-dir", "destination", "state", "limit", "after"},
               {"json", "dead"});
  if (args.positional().empty()) throw UsageError("outbox expects list or retry");
  const config::GatewayConfig config = load_config(args);
  const std::string path = journal_path(config);
  if (!std::filesystem::exists(path)) {
    std::fprintf(stderr, "titrate outbox: no journal database at %s\n", path.c_str());
    return 1;
  }
  store::OutboxOptions options;
  options.path = path;
  store::Outbox outbox(options);
  const std::string& sub = args.positional()[0];
  if (sub == "list") return list(outbox, args);
  if (sub == "retry") return retry(outbox, args);
  throw UsageError("unknown outbox command '" + sub + "'");
}

}  // namespace titrate::app
