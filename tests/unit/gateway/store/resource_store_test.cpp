#include "gateway/store/resource_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gateway/store/journal.h"
#include "resource_store_backends_support.h"

namespace titrate::store {
namespace {

constexpr int64_t kDay = 86'400'000'000;
constexpr int64_t kNov21 = 1'795'219'200'000'000;  // 2026-11-21T00:00:00Z

IndexEntry token(std::string param, std::string system, std::string code) {
  return {std::move(param), IndexKind::kToken, std::move(system), std::move(code), 0, 0};
}
IndexEntry reference(std::string param, std::string target) {
  return {std::move(param), IndexKind::kReference, "", std::move(target), 0, 0};
}
IndexEntry text(std::string param, std::string value) {
  return {std::move(param), IndexKind::kString, "", std::move(value), 0, 0};
}
IndexEntry date(std::string param, int64_t low, int64_t high) {
  return {std::move(param), IndexKind::kDate, "", "", low, high};
}

SearchValue code_value(std::optional<std::string> system, std::string code) {
  SearchValue v;
  v.system = std::move(system);
  v.value = std::move(code);
  return v;
}
SearchValue plain(std::string value) {
  SearchValue v;
  v.value = std::move(value);
  return v;
}
SearchValue when(DatePrefix prefix, int64_t low, int64_t high) {
  SearchValue v;
  v.prefix = prefix;
  v.low_us = low;
  v.high_us = high;
  return v;
}

// A thread body whose exception fails the test instead of ending the process (and leaving the
// PostgreSQL test server running).
template <typename Fn>
auto failing_on_throw(Fn fn) {
  return [fn = std::move(fn)]() mutable {
    try {
      fn();
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
  };
}

std::vector<std::string> ids(const SearchResult& result) {
  std::vector<std::string> out;
  for (const StoredResource& r : result.resources) out.push_back(r.id);
  return out;
}

// Every test runs on both backends: Backends/ResourceStoreTest.Name/Sqlite and .../Postgres.
class ResourceStoreTest : public ::testing::TestWithParam<test::StoreBackend> {
 protected:
  void SetUp() override {
    std::string skip;
    std::optional<ResourceStoreOptions> options = test::new_store_options(GetParam(), dir_, &skip);
    if (!options) GTEST_SKIP() << skip;
    options_ = *options;
    store_ = std::make_unique<ResourceStore>(options_);
  }

  std::vector<std::string> search_ids(const std::string& type, std::vector<SearchParam> params,
                                      SearchOptions options = {}) {
    return ids(store_->search(type, params, options));
  }

  test::TempDir dir_;
  ResourceStoreOptions options_;
  std::unique_ptr<ResourceStore> store_;
};

TEST_P(ResourceStoreTest, CreateThenUpdateNumbersVersions) {
  const PutResult first = store_->put("Observation", "o1", R"({"v":1})", {});
  EXPECT_EQ(first.version, 1);
  EXPECT_TRUE(first.created);
  EXPECT_TRUE(first.changed);
  EXPECT_GT(first.last_updated_us, 0);

  const PutResult second = store_->put("Observation", "o1", R"({"v":2})", {});
  EXPECT_EQ(second.version, 2);
  EXPECT_FALSE(second.created);
  EXPECT_TRUE(second.changed);
  EXPECT_GT(second.last_updated_us, first.last_updated_us);

  const auto current = store_->read("Observation", "o1");
  ASSERT_TRUE(current);
  EXPECT_EQ(current->json, R"({"v":2})");
  EXPECT_EQ(current->version, 2);
  EXPECT_EQ(current->last_updated_us, second.last_updated_us);
  EXPECT_FALSE(current->deleted);
  EXPECT_FALSE(store_->read("Observation", "o2"));
}

TEST_P(ResourceStoreTest, APutOfTheCurrentJsonIsANoOp) {
  const PutResult first = store_->put("Observation", "o1", R"({"v":1})", {token("code", "s", "a")});
  const PutResult retry = store_->put("Observation", "o1", R"({"v":1})", {});
  EXPECT_EQ(retry.version, first.version);
  EXPECT_EQ(retry.last_updated_us, first.last_updated_us);
  EXPECT_FALSE(retry.created);
  EXPECT_FALSE(retry.changed);
  EXPECT_EQ(store_->history("Observation", "o1").size(), 1u);
  // The no-op left the index of the current version alone.
  EXPECT_EQ(search_ids("Observation", {{"code", IndexKind::kToken, {code_value("s", "a")}}}),
            std::vector<std::string>{"o1"});
}

TEST_P(ResourceStoreTest, VreadReturnsEveryVersion) {
  store_->put("Patient", "p1", "one", {});
  store_->put("Patient", "p1", "two", {});
  store_->put("Patient", "p1", "three", {});
  const auto v1 = store_->vread("Patient", "p1", 1);
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->json, "one");
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(store_->vread("Patient", "p1", 2)->json, "two");
  EXPECT_EQ(store_->vread("Patient", "p1", 3)->json, "three");
  EXPECT_FALSE(store_->vread("Patient", "p1", 4));
  EXPECT_FALSE(store_->vread("Patient", "p2", 1));

  const auto history = store_->history("Patient", "p1");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].version, 3);
  EXPECT_EQ(history[2].version, 1);
  EXPECT_GT(history[0].last_updated_us, history[1].last_updated_us);
}

TEST_P(ResourceStoreTest, TwoTypesWithTheSameIdAreDistinct) {
  store_->put("Patient", "x", "patient", {token("identifier", "mrn", "1")});
  const PutResult obs = store_->put("Observation", "x", "observation", {});
  EXPECT_EQ(obs.version, 1);
  EXPECT_TRUE(obs.created);
  EXPECT_EQ(store_->read("Patient", "x")->json, "patient");
  EXPECT_EQ(store_->read("Observation", "x")->json, "observation");
  EXPECT_TRUE(
      search_ids("Observation", {{"identifier", IndexKind::kToken, {code_value("mrn", "1")}}})
          .empty());
  EXPECT_EQ(search_ids("Patient", {}), std::vector<std::string>{"x"});
}

TEST_P(ResourceStoreTest, TokenSearchMatchesSystemAndCode) {
  store_->put("Observation", "a", "{}", {token("code", "http://loinc.org", "8867-4")});
  store_->put("Observation", "b", "{}", {token("code", "http://snomed.info/sct", "8867-4")});
  store_->put("Observation", "c", "{}", {token("code", "", "8867-4")});
  store_->put("Observation", "d", "{}", {token("code", "http://loinc.org", "59408-5")});
  const auto code = [&](SearchValue v) {
    return search_ids("Observation", {{"code", IndexKind::kToken, {std::move(v)}}});
  };
  EXPECT_EQ(code(code_value("http://loinc.org", "8867-4")), std::vector<std::string>{"a"});
  EXPECT_EQ(code(code_value(std::nullopt, "8867-4")), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(code(code_value("", "8867-4")), std::vector<std::string>{"c"});
  EXPECT_EQ(code(code_value("http://loinc.org", "")), (std::vector<std::string>{"a", "d"}));
  EXPECT_TRUE(code(code_value(std::nullopt, "8867")).empty());
}

TEST_P(ResourceStoreTest, ReferenceSearchMatchesTheWholeReference) {
  store_->put("MedicationAdministration", "m1", "{}", {reference("subject", "Patient/1")});
  store_->put("MedicationAdministration", "m2", "{}", {reference("subject", "Patient/12")});
  EXPECT_EQ(search_ids("MedicationAdministration",
                       {{"subject", IndexKind::kReference, {plain("Patient/1")}}}),
            std::vector<std::string>{"m1"});
  // A parameter of another name does not match the same value.
  EXPECT_TRUE(search_ids("MedicationAdministration",
                         {{"performer", IndexKind::kReference, {plain("Patient/1")}}})
                  .empty());
}

TEST_P(ResourceStoreTest, StringSearchIsACaseInsensitivePrefix) {
  store_->put("Patient", "p1", "{}", {text("family", "Smith")});
  store_->put("Patient", "p2", "{}", {text("family", "SMITHERS")});
  store_->put("Patient", "p3", "{}", {text("family", "Blacksmith")});
  const auto family = [&](std::string v) {
    return search_ids("Patient", {{"family", IndexKind::kString, {plain(std::move(v))}}});
  };
  EXPECT_EQ(family("smi"), (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(family("SMITH"), (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(family("smithe"), std::vector<std::string>{"p2"});
  EXPECT_TRUE(family("mith").empty());
}

TEST_P(ResourceStoreTest, DatePrefixesCompareThePeriods) {
  // before: the day before; on: an instant inside the day; spans: from the day into the next.
  store_->put("Observation", "before", "{}", {date("date", kNov21 - kDay, kNov21)});
  store_->put("Observation", "on", "{}", {date("date", kNov21 + 3600, kNov21 + 3601)});
  store_->put("Observation", "spans", "{}", {date("date", kNov21 + 10, kNov21 + kDay + 10)});
  const auto day = [&](DatePrefix prefix) {
    return search_ids("Observation",
                      {{"date", IndexKind::kDate, {when(prefix, kNov21, kNov21 + kDay)}}});
  };
  EXPECT_EQ(day(DatePrefix::kEq), std::vector<std::string>{"on"});
  EXPECT_EQ(day(DatePrefix::kLt), std::vector<std::string>{"before"});
  EXPECT_EQ(day(DatePrefix::kLe), (std::vector<std::string>{"before", "on", "spans"}));
  EXPECT_EQ(day(DatePrefix::kGt), std::vector<std::string>{"spans"});
  EXPECT_EQ(day(DatePrefix::kGe), (std::vector<std::string>{"on", "spans"}));
}

TEST_P(ResourceStoreTest, ParamsAreAndedAndValuesOred) {
  store_->put("Observation", "a", "{}",
              {token("code", "loinc", "hr"), reference("subject", "Patient/1")});
  store_->put("Observation", "b", "{}",
              {token("code", "loinc", "bp"), reference("subject", "Patient/1")});
  store_->put("Observation", "c", "{}",
              {token("code", "loinc", "hr"), reference("subject", "Patient/2")});
  store_->put("Observation", "d", "{}",
              {token("code", "loinc", "rr"), reference("subject", "Patient/1")});
  const SearchParam hr_or_bp{
      "code", IndexKind::kToken, {code_value("loinc", "hr"), code_value("loinc", "bp")}};
  const SearchParam patient1{"subject", IndexKind::kReference, {plain("Patient/1")}};
  EXPECT_EQ(search_ids("Observation", {hr_or_bp}), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(search_ids("Observation", {hr_or_bp, patient1}), (std::vector<std::string>{"a", "b"}));
  // The same date param twice is a range: both must hold.
  store_->put("Encounter", "e1", "{}", {date("date", kNov21, kNov21 + 1)});
  store_->put("Encounter", "e2", "{}", {date("date", kNov21 + 2 * kDay, kNov21 + 2 * kDay + 1)});
  EXPECT_EQ(search_ids("Encounter",
                       {{"date", IndexKind::kDate, {when(DatePrefix::kGe, kNov21, kNov21 + 1)}},
                        {"date", IndexKind::kDate, {when(DatePrefix::kLt, kNov21 + kDay, 0)}}}),
            std::vector<std::string>{"e1"});
}

TEST_P(ResourceStoreTest, EveryWriteReplacesTheIndex) {
  store_->put("Observation", "o1", "v1", {token("status", "", "preliminary")});
  store_->put("Observation", "o1", "v2", {token("status", "", "final")});
  const auto status = [&](std::string code) {
    return search_ids("Observation", {{"status", IndexKind::kToken, {code_value("", code)}}});
  };
  EXPECT_TRUE(status("preliminary").empty());
  EXPECT_EQ(status("final"), std::vector<std::string>{"o1"});
}

TEST_P(ResourceStoreTest, PagesWithCountOffsetAndTotal) {
  for (const char* id : {"e", "a", "d", "b", "c"}) store_->put("Patient", id, "{}", {});
  SearchOptions page;
  page.count = 2;
  SearchResult first = store_->search("Patient", {}, page);
  EXPECT_EQ(first.total, 5u);
  EXPECT_EQ(ids(first), (std::vector<std::string>{"a", "b"}));
  page.offset = 2;
  EXPECT_EQ(ids(store_->search("Patient", {}, page)), (std::vector<std::string>{"c", "d"}));
  page.offset = 4;
  const SearchResult last = store_->search("Patient", {}, page);
  EXPECT_EQ(ids(last), std::vector<std::string>{"e"});
  EXPECT_EQ(last.total, 5u);
  page.offset = 10;
  const SearchResult beyond = store_->search("Patient", {}, page);
  EXPECT_TRUE(beyond.resources.empty());
  EXPECT_EQ(beyond.total, 5u);
  page.count = 0;
  page.offset = 0;
  EXPECT_EQ(store_->search("Patient", {}, page).total, 5u);
}

TEST_P(ResourceStoreTest, SortsAndSearchesByLastUpdated) {
  std::vector<int64_t> updated;
  for (const char* id : {"b", "c", "a"}) {
    updated.push_back(store_->put("Patient", id, "{}", {}).last_updated_us);
  }
  store_->put("Patient", "b", "changed", {});  // now the newest
  SearchOptions options;
  options.sort = SearchSort::kLastUpdatedAsc;
  EXPECT_EQ(search_ids("Patient", {}, options), (std::vector<std::string>{"c", "a", "b"}));
  options.sort = SearchSort::kLastUpdatedDesc;
  EXPECT_EQ(search_ids("Patient", {}, options), (std::vector<std::string>{"b", "a", "c"}));

  const int64_t c_time = updated[1];
  const auto since = [&](DatePrefix prefix) {
    SearchOptions by_time;
    by_time.sort = SearchSort::kLastUpdatedAsc;
    return search_ids("Patient",
                      {{"_lastUpdated", IndexKind::kDate, {when(prefix, c_time, c_time + 1)}}},
                      by_time);
  };
  EXPECT_EQ(since(DatePrefix::kGe), (std::vector<std::string>{"c", "a", "b"}));
  EXPECT_EQ(since(DatePrefix::kGt), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(since(DatePrefix::kEq), std::vector<std::string>{"c"});
  EXPECT_TRUE(since(DatePrefix::kLt).empty());
}

TEST_P(ResourceStoreTest, SearchWithoutJsonReturnsIdsOnly) {
  store_->put("Patient", "p1", R"({"a":1})", {});
  SearchOptions options;
  options.include_json = false;
  const SearchResult result = store_->search("Patient", {}, options);
  ASSERT_EQ(result.resources.size(), 1u);
  EXPECT_EQ(result.resources[0].id, "p1");
  EXPECT_EQ(result.resources[0].version, 1);
  EXPECT_TRUE(result.resources[0].json.empty());
}

TEST_P(ResourceStoreTest, EraseWritesADeletedVersion) {
  EXPECT_FALSE(store_->erase("Patient", "p1"));
  store_->put("Patient", "p1", "one", {token("identifier", "mrn", "1")});
  const auto deleted = store_->erase("Patient", "p1");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->version, 2);
  EXPECT_TRUE(deleted->changed);
  EXPECT_EQ(store_->erase("Patient", "p1")->version, 2);
  EXPECT_FALSE(store_->erase("Patient", "p1")->changed);
  EXPECT_TRUE(store_->read("Patient", "p1")->deleted);
  EXPECT_EQ(store_->vread("Patient", "p1", 1)->json, "one");
  EXPECT_EQ(store_->search("Patient", {}).total, 0u);

  const PutResult again = store_->put("Patient", "p1", "one", {});
  EXPECT_EQ(again.version, 3);
  EXPECT_TRUE(again.created);
  EXPECT_EQ(store_->search("Patient", {}).total, 1u);
}

TEST_P(ResourceStoreTest, PutAllWritesEveryResource) {
  const auto results =
      store_->put_all({{"Patient", "p1", "p", {}},
                       {"Observation", "o1", "o", {reference("subject", "Patient/p1")}},
                       {"Patient", "p1", "p2", {}}});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].version, 1);
  EXPECT_EQ(results[1].version, 1);
  EXPECT_EQ(results[2].version, 2);
  EXPECT_EQ(store_->read("Patient", "p1")->json, "p2");
  EXPECT_EQ(search_ids("Observation", {{"subject", IndexKind::kReference, {plain("Patient/p1")}}}),
            std::vector<std::string>{"o1"});
}

TEST_P(ResourceStoreTest, PutAllWithAnInvalidWriteWritesNothing) {
  EXPECT_THROW(store_->put_all({{"Patient", "p1", "p", {}}, {"Patient", "", "p", {}}}),
               std::invalid_argument);
  EXPECT_FALSE(store_->read("Patient", "p1"));
}

TEST_P(ResourceStoreTest, BadSearchParamsAreRejected) {
  EXPECT_THROW(store_->search("Patient", {{"code", IndexKind::kToken, {}}}), std::invalid_argument);
  EXPECT_THROW(store_->search("Patient", {{"_lastUpdated", IndexKind::kToken, {plain("x")}}}),
               std::invalid_argument);
}

TEST_P(ResourceStoreTest, ConcurrentPutsAreSerialized) {
  // Two stores on the same file (two connections) and two threads on each.
  ResourceStore other(options_);
  constexpr int kThreads = 4, kPuts = 25;
  std::vector<std::vector<int64_t>> versions(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(failing_on_throw([&, t] {
      ResourceStore& store = t % 2 == 0 ? *store_ : other;
      for (int i = 0; i < kPuts; ++i) {
        const std::string json = test::numbered(test::numbered("t", t, "/"), i);
        versions[t].push_back(store.put("Patient", "shared", json, {}).version);
        store.put("Patient", test::numbered("own", t), json, {text("name", json)});
      }
    }));
  }
  for (std::thread& t : threads) t.join();

  std::set<int64_t> all;
  for (const auto& v : versions) {
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
    all.insert(v.begin(), v.end());
  }
  constexpr int64_t kTotal = kThreads * kPuts;
  EXPECT_EQ(all.size(), static_cast<size_t>(kTotal));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kTotal);
  EXPECT_EQ(store_->read("Patient", "shared")->version, kTotal);
  EXPECT_EQ(other.history("Patient", "shared").size(), static_cast<size_t>(kTotal));
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(store_->read("Patient", test::numbered("own", t))->version, kPuts);
  }
  EXPECT_EQ(store_->search("Patient", {{"name", IndexKind::kString, {plain("t")}}}).total,
            static_cast<size_t>(kThreads));
}

TEST_P(ResourceStoreTest, ConcurrentCreatorsOfOneResourceNumberItsVersionsOnce) {
  // Every thread creates the same new resources at once: one of them creates each, the others
  // update it, and no version is written twice (on PostgreSQL the losers of the insert race
  // run their transaction again).
  ResourceStore other(options_);
  constexpr int kThreads = 6, kResources = 15;
  std::vector<std::vector<PutResult>> results(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(failing_on_throw([&, t] {
      ResourceStore& store = t % 2 == 0 ? *store_ : other;
      ++ready;
      while (ready < kThreads) std::this_thread::yield();
      for (int r = 0; r < kResources; ++r) {
        results[t].push_back(store.put("Patient", test::numbered("new", r),
                                       test::numbered(test::numbered("t", t, "/"), r),
                                       {token("identifier", "mrn", test::numbered("", r))}));
      }
    }));
  }
  for (std::thread& t : threads) t.join();
  for (const auto& r : results) ASSERT_EQ(r.size(), static_cast<size_t>(kResources));
  for (int r = 0; r < kResources; ++r) {
    std::set<int64_t> versions;
    int created = 0;
    for (int t = 0; t < kThreads; ++t) {
      versions.insert(results[t][r].version);
      created += results[t][r].created ? 1 : 0;
    }
    EXPECT_EQ(created, 1) << "resource " << r;
    EXPECT_EQ(versions.size(), static_cast<size_t>(kThreads)) << "resource " << r;
    EXPECT_EQ(*versions.rbegin(), kThreads) << "resource " << r;
    EXPECT_EQ(store_->history("Patient", test::numbered("new", r)).size(),
              static_cast<size_t>(kThreads));
  }
  EXPECT_EQ(store_->search("Patient", {{"identifier", IndexKind::kToken, {code_value("mrn", "3")}}})
                .total,
            1u);
}

TEST_P(ResourceStoreTest, SearchesDuringWritesSeeWholeTransactions) {
  // Writers add resources two at a time (put_all); readers search meanwhile. Every search sees
  // an even number, and its page agrees with its total (one snapshot).
  ResourceStore other(options_);
  constexpr int kWriters = 2, kPairs = 30, kReaders = 2;
  std::atomic<bool> writing{true};
  std::atomic<int> searches{0};
  std::vector<std::string> failures[kReaders];
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back(failing_on_throw([&, w] {
      for (int i = 0; i < kPairs; ++i) {
        const std::string a = test::numbered(test::numbered("w", w, "-"), i, "a");
        const std::string b = test::numbered(test::numbered("w", w, "-"), i, "b");
        (w == 0 ? *store_ : other)
            .put_all({{"Observation", a, "{}", {reference("subject", "Patient/1")}},
                      {"Observation", b, "{}", {reference("subject", "Patient/1")}}});
      }
    }));
  }
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back(failing_on_throw([&, r] {
      SearchOptions options;
      options.count = 1000;
      options.include_json = r == 0;
      while (writing || searches < 10) {
        const SearchResult result =
            (r == 0 ? *store_ : other)
                .search("Observation", {{"subject", IndexKind::kReference, {plain("Patient/1")}}},
                        options);
        ++searches;
        if (result.total % 2 != 0 || result.resources.size() != result.total) {
          failures[r].push_back(test::numbered(
              "total ", static_cast<long long>(result.total),
              test::numbered(", page ", static_cast<long long>(result.resources.size()))));
        }
      }
    }));
  }
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  writing = false;
  for (size_t t = kWriters; t < threads.size(); ++t) threads[t].join();
  for (const auto& f : failures) EXPECT_TRUE(f.empty()) << f.front();
  EXPECT_EQ(store_->search("Observation", {}).total, static_cast<size_t>(kWriters * kPairs * 2));
}

TEST_P(ResourceStoreTest, IndexValuesKeepEveryCharacter) {
  // Quotes, backslashes, braces, commas and LIKE's wildcards are data, not syntax.
  const std::string odd = R"(a "b" \c {d}, e%_f)";
  store_->put("Observation", "o1", "{}",
              {token("code", odd, odd), reference("subject", odd), text("note", odd)});
  store_->put("Observation", "o2", "{}", {text("note", "50 mg")});
  store_->put("Observation", "o3", "{}", {text("note", "50% dose")});
  store_->put("Observation", "o4", "{}", {text("note", "5_0")});
  EXPECT_EQ(search_ids("Observation", {{"code", IndexKind::kToken, {code_value(odd, odd)}}}),
            std::vector<std::string>{"o1"});
  EXPECT_EQ(search_ids("Observation", {{"subject", IndexKind::kReference, {plain(odd)}}}),
            std::vector<std::string>{"o1"});
  const auto note = [&](std::string v) {
    return search_ids("Observation", {{"note", IndexKind::kString, {plain(std::move(v))}}});
  };
  EXPECT_EQ(note(R"(A "B" \C {D}, E%_)"), std::vector<std::string>{"o1"});
  EXPECT_EQ(note("50%"), std::vector<std::string>{"o3"});
  EXPECT_EQ(note("5_"), std::vector<std::string>{"o4"});
  EXPECT_EQ(note("5"), (std::vector<std::string>{"o2", "o3", "o4"}));
  EXPECT_TRUE(note("%").empty());
}

TEST_P(ResourceStoreTest, IdsSortBytewiseAndUnicodeIsKept) {
  // The order of the bytes, whatever the database's locale ("C" collation on PostgreSQL).
  for (const char* id : {"b", "B", "a-1", "a_1", "a1", "Z"}) store_->put("Patient", id, "{}", {});
  EXPECT_EQ(search_ids("Patient", {}),
            (std::vector<std::string>{"B", "Z", "a-1", "a1", "a_1", "b"}));
  const std::string json = "{\"name\":\"Jos\xC3\xA9 \xE6\x9D\x8E\"}";  // José 李
  store_->put("Patient", "u", json, {text("name", "\xC3\x89lise")});   // Élise
  EXPECT_EQ(store_->read("Patient", "u")->json, json);
  EXPECT_EQ(search_ids("Patient", {{"name", IndexKind::kString, {plain("\xC3\x89l")}}}),
            std::vector<std::string>{"u"});
}

TEST_P(ResourceStoreTest, ALargeResourceAndIndexRoundTrip) {
  std::string json = "{\"text\":\"";
  json.append(1 << 20, 'x');
  json += "\"}";
  std::vector<IndexEntry> index;
  for (int i = 0; i < 500; ++i) index.push_back(token("code", "s", test::numbered("c", i)));
  store_->put("Observation", "big", json, index);
  EXPECT_EQ(store_->read("Observation", "big")->json, json);
  EXPECT_EQ(search_ids("Observation", {{"code", IndexKind::kToken, {code_value("s", "c499")}}}),
            std::vector<std::string>{"big"});
}

TEST_P(ResourceStoreTest, SurvivesReopening) {
  store_->put("Patient", "p1", "one", {token("identifier", "mrn", "1")});
  store_.reset();
  ResourceStore store(options_);
  EXPECT_EQ(store.read("Patient", "p1")->json, "one");
  EXPECT_EQ(
      store.search("Patient", {{"identifier", IndexKind::kToken, {code_value("mrn", "1")}}}).total,
      1u);
  EXPECT_EQ(store.put("Patient", "p1", "two", {}).version, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ResourceStoreTest,
                         ::testing::Values(test::StoreBackend::kSqlite,
                                           test::StoreBackend::kPostgres),
                         [](const auto& info) { return test::backend_name(info.param); });

TEST(ResourceStoreFileTest, SharesTheFileWithTheJournal) {
  test::TempDir dir;
  Journal journal({dir.file("journal.db")});
  ResourceStore store({dir.file("journal.db")});
  store.put("Patient", "p1", "one", {token("identifier", "mrn", "1")});
  EXPECT_FALSE(journal.append(JournalEntry{}).duplicate);
  EXPECT_EQ(store.read("Patient", "p1")->json, "one");
}

TEST(ResourceStoreFileTest, AMissingDirectoryIsAJournalError) {
  EXPECT_THROW(ResourceStore({"/nonexistent-titrate-dir/journal.db"}), JournalError);
}

}  // namespace
}  // namespace titrate::store
