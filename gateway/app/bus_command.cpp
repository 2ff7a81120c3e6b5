#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <climits>
#include <cstdio>

#include "gateway/app/app_runtime.h"
#include "gateway/app/commands.h"
#include "gateway/clock/utc_time.h"
#include "gateway/store/bus_log_reader.h"

// `titrate bus`: what is on the embedded bus. Listings without --json show metadata only (no
// payloads, so no patient data); --json prints the envelopes, as `journal show` prints messages.
namespace titrate::app {
namespace {

int events(const store::BusLogReader& reader, const CliArgs& args) {
  if (args.positional().size() != 2) throw UsageError("bus events expects a topic");
  const std::string& topic = args.positional()[1];
  const int64_t after = args.number("after", 0, LONG_MAX).value_or(0);
  const size_t limit = static_cast<size_t>(args.number("limit", 1, 1000000).value_or(1000));
  const std::vector<store::BusLogRow> rows = reader.events(topic, after, limit);
  if (args.flag("json")) {
    std::string out = "[";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i) out += ",\n";
      out += "{\"seq\":" + std::to_string(rows[i].seq) + ",\"event\":" + rows[i].payload + "}";
    }
    out += "]\n";
    std::fputs(out.c_str(), stdout);
    return 0;
  }
  for (const store::BusLogRow& row : rows) {
    std::printf("%lld  %s  %-16s %s\n", static_cast<long long>(row.seq),
                clock::iso8601_utc(row.created_us).c_str(), row.type.c_str(), row.event_id.c_str());
  }
  return 0;
}

int offsets(const store::BusLogReader& reader) {
  for (const store::BusOffset& o : reader.offsets()) {
    std::printf("%-24s %-28s next %lld\n", o.group.c_str(), o.topic.c_str(),
                static_cast<long long>(o.next_seq));
  }
  return 0;
}

int dead_letters(const store::BusLogReader& reader, const CliArgs& args) {
  const size_t limit = static_cast<size_t>(args.number("limit", 1, 1000000).value_or(100));
  for (const store::BusDeadLetter& d : reader.dead_letters(limit)) {
    std::printf("%s  %-24s seq %lld  %s  attempts %d: %s\n", clock::iso8601_utc(d.at_us).c_str(),
                d.group.c_str(), static_cast<long long>(d.seq), d.event_id.c_str(), d.attempts,
                d.error.c_str());
  }
  return 0;
}

}  // namespace

int run_bus(const std::vector<std::string>& raw_args) {
  CliArgs args(raw_args, {"config", "data-dir", "after", "limit"}, {"json"});
  if (args.positional().empty()) throw UsageError("bus expects events, offsets or dead-letters");
  const config::GatewayConfig config = load_config(args);
  store::BusLogReaderOptions options;
  options.path = journal_path(config);
  const store::BusLogReader reader(options);
  const std::string& sub = args.positional()[0];
  if (sub == "events") return events(reader, args);
  if (sub == "offsets") return offsets(reader);
  if (sub == "dead-letters") return dead_letters(reader, args);
  throw UsageError("unknown bus command '" + sub + "'");
}

}  // namespace titrate::app
