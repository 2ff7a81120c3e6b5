#include "gateway/store/journal.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace titrate::store {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = (fs::temp_directory_path() / "titrate-journal-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
  }
  void TearDown() override { fs::remove_all(dir_); }

  JournalOptions options() const {
    JournalOptions o;
    o.path = (dir_ / "journal.db").string();
    return o;
  }

  static JournalEntry entry(std::string sender, std::string control_id, std::string ack = "") {
    JournalEntry e;
    e.channel = "ehr-mllp";
    e.sender = std::move(sender);
    e.control_id = std::move(control_id);
    e.message_type = "ADT^A01";
    e.raw = "MSH|^~\\&|" + e.sender + "|||20240101||ADT^A01|" + e.control_id + "|P|2.5\r";
    e.ack = std::move(ack);
    e.received_at_us = 1'700'000'000'000'000;
    return e;
  }

  static size_t count(const Journal& journal) {
    JournalQuery all;
    all.limit = 1'000'000;
    return journal.list(all).size();
  }

  fs::path dir_;
};

// Runs fn(thread_index) on n threads released at the same moment.
template <typename Fn>
void run_together(int n, Fn fn) {
  std::latch start(n);
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      fn(t);
    });
  }
  for (auto& thread : threads) thread.join();
}

TEST(JournalStateTest, RoundTripsThroughText) {
  for (auto s : {JournalState::kAccepted, JournalState::kFailed, JournalState::kRejected}) {
    EXPECT_EQ(journal_state_from(to_string(s)), s);
  }
  EXPECT_EQ(to_string(JournalState::kRejected), "rejected");
  EXPECT_EQ(journal_state_from("ACCEPTED"), std::nullopt);
}

TEST_F(JournalTest, AppendThenGetReturnsEveryFieldByteExact) {
  Journal journal(options());
  JournalEntry e;
  e.channel = "ehr-mllp";
  e.sender = "EPIC|Z\xc3\xbcrich";
  e.control_id = "MSG00001";
  e.message_type = "ORM^O01";
  e.raw = "MSH|^~\\&|EPIC\r\0PID|\xff\xfe\x80|\x00\x01\r"s;
  e.state = JournalState::kRejected;
  e.error = "PID-3: required field is empty";
  e.ack = "\x0bMSH|^~\\&|ACK\rMSA|AR|MSG00001\r\0\x1c\r"s;
  e.received_at_us = 1'712'345'678'901'234;
  e.truncated = true;

  const int64_t before = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  const AppendResult result = journal.append(e);
  EXPECT_GT(result.id, 0);
  EXPECT_FALSE(result.duplicate);
  EXPECT_EQ(result.ack, e.ack);

  const auto got = journal.get(result.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, result.id);
  EXPECT_EQ(got->channel, e.channel);
  EXPECT_EQ(got->sender, e.sender);
  EXPECT_EQ(got->control_id, e.control_id);
  EXPECT_EQ(got->message_type, e.message_type);
  EXPECT_EQ(got->raw, e.raw);
  EXPECT_EQ(got->raw.size(), e.raw.size());
  EXPECT_EQ(got->state, JournalState::kRejected);
  EXPECT_EQ(got->error, e.error);
  EXPECT_EQ(got->ack, e.ack);
  EXPECT_EQ(got->received_at_us, e.received_at_us);
  EXPECT_GE(got->updated_at_us, before);
  EXPECT_EQ(got->replay_count, 0);
  EXPECT_TRUE(got->truncated);
  EXPECT_FALSE(journal.get(result.id + 1).has_value());
}

TEST_F(JournalTest, EmptyRawAndAckReadBackEmpty) {
  Journal journal(options());
  JournalEntry e = entry("", "");
  e.raw.clear();
  e.received_at_us = 0;  // means now
  const auto got = journal.get(journal.append(e).id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->raw, "");
  EXPECT_EQ(got->ack, "");
  EXPECT_FALSE(got->truncated);
  EXPECT_GT(got->received_at_us, 1'700'000'000'000'000);
}

TEST_F(JournalTest, DuplicateGetsOriginalIdAndAckAndIsNotStored) {
  Journal journal(options());
  const AppendResult first = journal.append(entry("LAB|HOSP", "C1", "ack-one"));
  const AppendResult second = journal.append(entry("LAB|HOSP", "C1", "ack-two"));
  EXPECT_FALSE(first.duplicate);
  EXPECT_TRUE(second.duplicate);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(second.ack, "ack-one");
  EXPECT_EQ(count(journal), 1u);
  EXPECT_EQ(journal.get(first.id)->ack, "ack-one");
  EXPECT_EQ(journal.stats().appended, 1u);
  EXPECT_EQ(journal.stats().duplicates, 1u);
}

TEST_F(JournalTest, SameControlIdFromAnotherSenderIsNotDuplicate) {
  Journal journal(options());
  const AppendResult a = journal.append(entry("LAB|HOSP", "C1"));
  const AppendResult b = journal.append(entry("EPIC|HOSP", "C1"));
  EXPECT_FALSE(b.duplicate);
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(count(journal), 2u);
}

TEST_F(JournalTest, EmptyControlIdIsNeverDuplicate) {
  Journal journal(options());
  const AppendResult a = journal.append(entry("LAB|HOSP", ""));
  const AppendResult b = journal.append(entry("LAB|HOSP", ""));
  EXPECT_FALSE(b.duplicate);
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(count(journal), 2u);
}

TEST_F(JournalTest, DuplicatesInsideOneBatchAnswerWithTheFirstCopy) {
  Journal journal(options());
  constexpr int kThreads = 16, kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<AppendResult> results(kThreads);
    const std::string key = "C" + std::to_string(round);
    run_together(kThreads, [&](int t) {
      results[t] = journal.append(entry("LAB|HOSP", key, "ack-" + std::to_string(t)));
    });
    int originals = 0;
    std::string original_ack;
    for (const auto& r : results) {
      if (!r.duplicate) ++originals, original_ack = r.ack;
    }
    ASSERT_EQ(originals, 1) << "round " << round;
    for (const auto& r : results) {
      EXPECT_EQ(r.id, results[0].id);
      EXPECT_EQ(r.ack, original_ack);
    }
    EXPECT_EQ(journal.get(results[0].id)->ack, original_ack);
  }
  EXPECT_EQ(count(journal), size_t{kRounds});
  const JournalStats stats = journal.stats();
  EXPECT_EQ(stats.appended, uint64_t{kRounds});
  EXPECT_EQ(stats.duplicates, uint64_t{kRounds * (kThreads - 1)});
  // Copies released together share commits; one commit each would be kThreads * kRounds.
  EXPECT_LT(stats.commits, uint64_t{kThreads * kRounds / 2});
}

TEST_F(JournalTest, ConcurrentAppendsShareCommits) {
  Journal journal(options());
  constexpr int kThreads = 16, kPerThread = 500;
  std::vector<std::vector<int64_t>> ids(kThreads);
  run_together(kThreads, [&](int t) {
    for (int i = 0; i < kPerThread; ++i) {
      ids[t].push_back(journal.append(entry("S", std::to_string(t) + "-" + std::to_string(i))).id);
    }
  });
  std::set<int64_t> distinct;
  for (const auto& v : ids) distinct.insert(v.begin(), v.end());
  EXPECT_EQ(distinct.size(), size_t{kThreads * kPerThread});
  EXPECT_EQ(count(journal), size_t{kThreads * kPerThread});
  const JournalStats stats = journal.stats();
  EXPECT_EQ(stats.appended, uint64_t{kThreads * kPerThread});
  EXPECT_EQ(stats.duplicates, 0u);
  EXPECT_LT(stats.commits, stats.appended);
}

// Another connection sees a commit only after its WAL sync, so an entry that is not visible the
// moment append() returns was acknowledged too early.
TEST_F(JournalTest, EntryIsCommittedWhenAppendReturns) {
  Journal journal(options());
  JournalOptions cli_options = options();
  cli_options.read_only = true;
  Journal cli(cli_options);
  std::atomic<int> missing{0};
  run_together(8, [&](int t) {
    for (int i = 0; i < 50; ++i) {
      const auto r = journal.append(entry("S", std::to_string(t) + "-" + std::to_string(i)));
      if (!cli.get(r.id)) ++missing;
    }
  });
  EXPECT_EQ(missing, 0);
}

TEST_F(JournalTest, EntriesSurviveReopen) {
  int64_t id = 0;
  {
    Journal journal(options());
    id = journal.append(entry("LAB|HOSP", "C1", "ack")).id;
  }
  Journal reopened(options());
  const auto got = reopened.get(id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->control_id, "C1");
  EXPECT_TRUE(reopened.append(entry("LAB|HOSP", "C1")).duplicate);
}

TEST_F(JournalTest, ReadOnlyJournalOpensAClosedDatabase) {
  int64_t id = 0;
  {
    Journal journal(options());
    id = journal.append(entry("LAB|HOSP", "C1")).id;
  }  // the last connection closed: SQLite has checkpointed and removed the WAL
  JournalOptions o = options();
  o.read_only = true;
  Journal cli(o);
  ASSERT_TRUE(cli.get(id).has_value());
  EXPECT_EQ(cli.list({}).size(), 1u);
  EXPECT_THROW(cli.record_replay(id, JournalState::kAccepted, ""), JournalError);
}

TEST_F(JournalTest, AcknowledgedEntriesSurviveSigkill) {
  constexpr int kThreads = 4, kPerThread = 50;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // No gtest assertions in the child: any failure shows as a non-SIGKILL exit.
    try {
      Journal journal(options());
      std::atomic<int> remaining{kThreads * kPerThread};
      run_together(kThreads, [&](int t) {
        for (int i = 0; i < kPerThread; ++i) {
          journal.append(entry("S", std::to_string(t) + "-" + std::to_string(i)));
          if (--remaining == 0) kill(getpid(), SIGKILL);  // right after the last append returned
        }
      });
    } catch (...) {
    }
    _exit(1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;

  Journal reopened(options());
  JournalQuery all;
  all.limit = 10'000;
  std::set<std::string> control_ids;
  for (const auto& s : reopened.list(all)) control_ids.insert(s.control_id);
  EXPECT_EQ(control_ids.size(), size_t{kThreads * kPerThread});
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      EXPECT_TRUE(control_ids.count(std::to_string(t) + "-" + std::to_string(i)));
    }
  }
}

TEST_F(JournalTest, ListsNewestFirstWithLimitBeforeIdAndState) {
  Journal journal(options());
  std::vector<int64_t> ids;
  for (int i = 0; i < 10; ++i) {
    JournalEntry e = entry("S", "C" + std::to_string(i));
    e.state = i % 3 == 0 ? JournalState::kFailed : JournalState::kAccepted;
    ids.push_back(journal.append(e).id);
  }
  JournalQuery q;
  q.limit = 3;
  auto page = journal.list(q);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].id, ids[9]);
  EXPECT_EQ(page[1].id, ids[8]);
  EXPECT_EQ(page[2].id, ids[7]);
  EXPECT_EQ(page[0].control_id, "C9");
  EXPECT_EQ(page[0].sender, "S");
  EXPECT_EQ(page[0].channel, "ehr-mllp");
  EXPECT_EQ(page[0].message_type, "ADT^A01");
  EXPECT_EQ(page[0].received_at_us, 1'700'000'000'000'000);

  q.before_id = page.back().id;
  page = journal.list(q);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].id, ids[6]);
  EXPECT_EQ(page[2].id, ids[4]);

  q = JournalQuery{};
  q.state = JournalState::kFailed;
  page = journal.list(q);
  ASSERT_EQ(page.size(), 4u);
  EXPECT_EQ(page[0].id, ids[9]);
  EXPECT_EQ(page[3].id, ids[0]);
  for (const auto& s : page) EXPECT_EQ(s.state, JournalState::kFailed);

  q.before_id = ids[9];
  q.limit = 2;
  page = journal.list(q);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, ids[6]);
  EXPECT_EQ(page[1].id, ids[3]);

  q = JournalQuery{};
  q.state = JournalState::kRejected;
  EXPECT_TRUE(journal.list(q).empty());
}

TEST_F(JournalTest, RecordReplayUpdatesStateErrorAndCount) {
  Journal journal(options());
  JournalEntry e = entry("S", "C1");
  e.state = JournalState::kFailed;
  e.error = "OBR-4: unknown code";
  const int64_t id = journal.append(e).id;
  const int64_t updated = journal.get(id)->updated_at_us;

  journal.record_replay(id, JournalState::kRejected, "RXO-1: not in drug library");
  auto got = journal.get(id);
  EXPECT_EQ(got->state, JournalState::kRejected);
  EXPECT_EQ(got->error, "RXO-1: not in drug library");
  EXPECT_EQ(got->replay_count, 1);
  EXPECT_GE(got->updated_at_us, updated);

  journal.record_replay(id, JournalState::kAccepted, "");
  got = journal.get(id);
  EXPECT_EQ(got->state, JournalState::kAccepted);
  EXPECT_EQ(got->error, "");
  EXPECT_EQ(got->replay_count, 2);
  EXPECT_EQ(got->raw, e.raw);
  EXPECT_EQ(journal.list({})[0].replay_count, 2);

  EXPECT_THROW(journal.record_replay(id + 100, JournalState::kAccepted, ""), JournalError);
}

TEST_F(JournalTest, SecondJournalCanListWhileFirstAppends) {
  Journal writer(options());
  std::atomic<bool> done{false}, reader_ready{false};
  std::atomic<int> appended{0};
  std::thread appender([&] {
    while (!reader_ready) std::this_thread::yield();  // appends must overlap the reads
    run_together(4, [&](int t) {
      for (int i = 0; i < 300; ++i, ++appended) {
        writer.append(entry("S", std::to_string(t) + "-" + std::to_string(i)));
      }
    });
    done = true;
  });

  JournalOptions cli_options = options();
  cli_options.read_only = true;
  Journal cli(cli_options);
  Journal second_writer(options());  // opening (schema check) must wait politely too
  size_t lists = 0, last = 0;
  reader_ready = true;
  while (!done || lists < 2) {
    const int floor = appended.load();
    const size_t seen = count(cli);
    EXPECT_GE(seen, size_t(floor));
    EXPECT_GE(seen, last);
    last = seen;
    ++lists;
  }
  appender.join();
  EXPECT_GT(lists, 1u);
  EXPECT_EQ(count(cli), 1200u);
  EXPECT_EQ(count(second_writer), 1200u);
  EXPECT_THROW(cli.append(entry("S", "X")), JournalError);
}

TEST_F(JournalTest, EveryWaiterOfAFailedBatchGetsTheError) {
  JournalOptions o = options();
  o.busy_timeout_ms = 50;
  Journal journal(o);
  Poco::Data::SQLite::Connector::registerConnector();
  Poco::Data::Session other("sqlite", o.path);
  other << "BEGIN IMMEDIATE", Poco::Data::Keywords::now;  // holds the write lock

  std::atomic<int> failures{0}, successes{0};
  run_together(8, [&](int t) {
    try {
      journal.append(entry("NORTHCLINIC|EHR", "C" + std::to_string(t)));
      ++successes;
    } catch (const JournalError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(o.path), std::string::npos) << what;
      EXPECT_EQ(what.find("NORTHCLINIC"), std::string::npos) << what;  // no message data
      ++failures;
    }
  });
  EXPECT_EQ(successes, 0);
  EXPECT_EQ(failures, 8);

  other << "ROLLBACK", Poco::Data::Keywords::now;
  // Nothing of the failed batches stayed.
  EXPECT_FALSE(journal.append(entry("NORTHCLINIC|EHR", "C0")).duplicate);
  EXPECT_EQ(count(journal), 1u);
}

TEST_F(JournalTest, MissingDirectoryThrowsNamingThePath) {
  JournalOptions o = options();
  o.path = (dir_ / "no-such-dir" / "journal.db").string();
  try {
    Journal journal(o);
    FAIL() << "opened a journal in a missing directory";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find(o.path), std::string::npos) << e.what();
  }
  o.path = (dir_ / "missing.db").string();
  o.read_only = true;
  EXPECT_THROW(Journal{o}, JournalError);
}

}  // namespace
}  // namespace titrate::store
