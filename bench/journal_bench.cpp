// Durable journal appends: one fsync'd group commit shared by the concurrent appenders.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <atomic>
#include <charconv>
#include <filesystem>
#include <memory>
#include <string>

#include "gateway/store/journal.h"

namespace {

using titrate::store::Journal;
using titrate::store::JournalEntry;

// A synthetic ADT^A01 of about 1 KB (no real patient).
std::string adt_message(const std::string& control_id) {
  std::string m =
      "MSH|^~\\&|EPIC|GENHOSP|TITRATE|INFUSION|20240312101500||ADT^A01^ADT_A01|" + control_id +
      "|P|2.5.1|||AL|NE\r"
      "EVN|A01|20240312101500|||1234^NURSE^ALEX^^^^RN\r"
      "PID|1||MRN0012345^^^GENHOSP^MR~987-65-4320^^^USSSA^SS||TESTPATIENT^JORDAN^Q^^^^L|"
      "SAMPLE^^^^^^M|19800215|U|||100 MAIN ST^APT 4^SPRINGFIELD^IL^62701^USA^H||"
      "^PRN^PH^^1^217^5550100~^NET^Internet^jordan@example.org|^WPN^PH^^1^217^5550199|EN|S|"
      "NON|ACCT0098765^^^GENHOSP^AN\r"
      "PD1|||GENHOSP INFUSION CLINIC^^1001|4567^PRIMARY^PAT^^^^MD\r"
      "NK1|1|TESTPATIENT^RILEY|SPO^Spouse^HL70063|100 MAIN ST^^SPRINGFIELD^IL^62701|"
      "^PRN^PH^^1^217^5550101\r"
      "PV1|1|O|INF^ROOM3^CHAIR2^GENHOSP^^^^INFUSION||||4567^PRIMARY^PAT^^^^MD|"
      "8910^ANESTH^SAM^^^^MD||PAIN|||||||4567^PRIMARY^PAT^^^^MD|OP|VIS0001122^^^GENHOSP^VN|"
      "||||||||||||||||||||GENHOSP||||||20240312100000\r"
      "PV2|||^Ketamine infusion, chronic pain||||||20240312||||||||||N\r"
      "OBX|1|NM|29463-7^Body weight^LN||72.4|kg^kilogram^UCUM|||||F|||20240312095500\r"
      "OBX|2|NM|8302-2^Body height^LN||175|cm^centimeter^UCUM|||||F|||20240312095500\r"
      "AL1|1|DA|70618^Penicillin^RXNORM|MO|Hives|20100101\r"
      "DG1|1||G89.4^Chronic pain syndrome^I10|||A\r";
  m.resize(1024, ' ');
  return m;
}

std::unique_ptr<Journal> g_journal;
std::filesystem::path g_dir;
std::atomic<int64_t> g_next_control_id{0};

void BM_JournalAppend(benchmark::State& state) {
  if (state.thread_index() == 0) {
    std::string dir = (std::filesystem::temp_directory_path() / "titrate-bench-XXXXXX").string();
    if (!mkdtemp(dir.data())) {
      state.SkipWithError("mkdtemp failed");
      return;
    }
    g_dir = dir;
    g_journal = std::make_unique<Journal>(
        titrate::store::JournalOptions{.path = (g_dir / "journal.db").string(), .durable = true});
  }
  JournalEntry entry;
  entry.channel = "ehr-mllp";
  entry.sender = "EPIC|GENHOSP";
  entry.message_type = "ADT^A01";
  entry.ack =
      "MSH|^~\\&|TITRATE|INFUSION|EPIC|GENHOSP|20240312101500||ACK^A01|A1|P|2.5.1\r"
      "MSA|AA|C1\r";
  for (auto _ : state) {
    char id[24] = "C";
    const auto end = std::to_chars(id + 1, id + sizeof id, g_next_control_id.fetch_add(1)).ptr;
    entry.control_id.assign(id, end);
    entry.raw = adt_message(entry.control_id);
    benchmark::DoNotOptimize(g_journal->append(entry));
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    const auto stats = g_journal->stats();
    state.counters["per_commit"] = static_cast<double>(stats.appended) / stats.commits;
    g_journal.reset();
    std::filesystem::remove_all(g_dir);
  }
}

BENCHMARK(BM_JournalAppend)->Threads(1)->Threads(16)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
