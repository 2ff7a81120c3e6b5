#include "gateway/store/resource_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../bus/bus_test_support.h"
#include "gateway/store/journal.h"

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

std::vector<std::string> ids(const SearchResult& result) {
  std::vector<std::string> out;
  for (const StoredResource& r : result.resources) out.push_back(r.id);
  return out;
}

class ResourceStoreTest : public ::testing::Test {
 protected:
  std::vector<std::string> search_ids(const std::string& type, std::vector<SearchParam> params,
                                      SearchOptions options = {}) {
    return ids(store_.search(type, params, options));
  }

  test::TempDir dir_;
  ResourceStore store_{{dir_.file("journal.db")}};
};

TEST_F(ResourceStoreTest, CreateThenUpdateNumbersVersions) {
  const PutResult first = store_.put("Observation", "o1", R"({"v":1})", {});
  EXPECT_EQ(first.version, 1);
  EXPECT_TRUE(first.created);
  EXPECT_TRUE(first.changed);
  EXPECT_GT(first.last_updated_us, 0);

  const PutResult second = store_.put("Observation", "o1", R"({"v":2})", {});
  EXPECT_EQ(second.version, 2);
  EXPECT_FALSE(second.created);
  EXPECT_TRUE(second.changed);
  EXPECT_GT(second.last_updated_us, first.last_updated_us);

  const auto current = store_.read("Observation", "o1");
  ASSERT_TRUE(current);
  EXPECT_EQ(current->json, R"({"v":2})");
  EXPECT_EQ(current->version, 2);
  EXPECT_EQ(current->last_updated_us, second.last_updated_us);
  EXPECT_FALSE(current->deleted);
  EXPECT_FALSE(store_.read("Observation", "o2"));
}

TEST_F(ResourceStoreTest, APutOfTheCurrentJsonIsANoOp) {
  const PutResult first = store_.put("Observation", "o1", R"({"v":1})", {token("code", "s", "a")});
  const PutResult retry = store_.put("Observation", "o1", R"({"v":1})", {});
  EXPECT_EQ(retry.version, first.version);
  EXPECT_EQ(retry.last_updated_us, first.last_updated_us);
  EXPECT_FALSE(retry.created);
  EXPECT_FALSE(retry.changed);
  EXPECT_EQ(store_.history("Observation", "o1").size(), 1u);
  // The no-op left the index of the current version alone.
  EXPECT_EQ(search_ids("Observation", {{"code", IndexKind::kToken, {code_value("s", "a")}}}),
            std::vector<std::string>{"o1"});
}

TEST_F(ResourceStoreTest, VreadReturnsEveryVersion) {
  store_.put("Patient", "p1", "one", {});
  store_.put("Patient", "p1", "two", {});
  store_.put("Patient", "p1", "three", {});
  const auto v1 = store_.vread("Patient", "p1", 1);
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->json, "one");
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(store_.vread("Patient", "p1", 2)->json, "two");
  EXPECT_EQ(store_.vread("Patient", "p1", 3)->json, "three");
  EXPECT_FALSE(store_.vread("Patient", "p1", 4));
  EXPECT_FALSE(store_.vread("Patient", "p2", 1));

  const auto history = store_.history("Patient", "p1");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].version, 3);
  EXPECT_EQ(history[2].version, 1);
  EXPECT_GT(history[0].last_updated_us, history[1].last_updated_us);
}

TEST_F(ResourceStoreTest, TwoTypesWithTheSameIdAreDistinct) {
  store_.put("Patient", "x", "patient", {token("identifier", "mrn", "1")});
  const PutResult obs = store_.put("Observation", "x", "observation", {});
  EXPECT_EQ(obs.version, 1);
  EXPECT_TRUE(obs.created);
  EXPECT_EQ(store_.read("Patient", "x")->json, "patient");
  EXPECT_EQ(store_.read("Observation", "x")->json, "observation");
  EXPECT_TRUE(
      search_ids("Observation", {{"identifier", IndexKind::kToken, {code_value("mrn", "1")}}})
          .empty());
  EXPECT_EQ(search_ids("Patient", {}), std::vector<std::string>{"x"});
}

TEST_F(ResourceStoreTest, TokenSearchMatchesSystemAndCode) {
  store_.put("Observation", "a", "{}", {token("code", "http://loinc.org", "8867-4")});
  store_.put("Observation", "b", "{}", {token("code", "http://snomed.info/sct", "8867-4")});
  store_.put("Observation", "c", "{}", {token("code", "", "8867-4")});
  store_.put("Observation", "d", "{}", {token("code", "http://loinc.org", "59408-5")});
  const auto code = [&](SearchValue v) {
    return search_ids("Observation", {{"code", IndexKind::kToken, {std::move(v)}}});
  };
  EXPECT_EQ(code(code_value("http://loinc.org", "8867-4")), std::vector<std::string>{"a"});
  EXPECT_EQ(code(code_value(std::nullopt, "8867-4")), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(code(code_value("", "8867-4")), std::vector<std::string>{"c"});
  EXPECT_EQ(code(code_value("http://loinc.org", "")), (std::vector<std::string>{"a", "d"}));
  EXPECT_TRUE(code(code_value(std::nullopt, "8867")).empty());
}

TEST_F(ResourceStoreTest, ReferenceSearchMatchesTheWholeReference) {
  store_.put("MedicationAdministration", "m1", "{}", {reference("subject", "Patient/1")});
  store_.put("MedicationAdministration", "m2", "{}", {reference("subject", "Patient/12")});
  EXPECT_EQ(search_ids("MedicationAdministration",
                       {{"subject", IndexKind::kReference, {plain("Patient/1")}}}),
            std::vector<std::string>{"m1"});
  // A parameter of another name does not match the same value.
  EXPECT_TRUE(search_ids("MedicationAdministration",
                         {{"performer", IndexKind::kReference, {plain("Patient/1")}}})
                  .empty());
}

TEST_F(ResourceStoreTest, StringSearchIsACaseInsensitivePrefix) {
  store_.put("Patient", "p1", "{}", {text("family", "Smith")});
  store_.put("Patient", "p2", "{}", {text("family", "SMITHERS")});
  store_.put("Patient", "p3", "{}", {text("family", "Blacksmith")});
  const auto family = [&](std::string v) {
    return search_ids("Patient", {{"family", IndexKind::kString, {plain(std::move(v))}}});
  };
  EXPECT_EQ(family("smi"), (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(family("SMITH"), (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(family("smithe"), std::vector<std::string>{"p2"});
  EXPECT_TRUE(family("mith").empty());
}

TEST_F(ResourceStoreTest, DatePrefixesCompareThePeriods) {
  // before: the day before; on: an instant inside the day; spans: from the day into the next.
  store_.put("Observation", "before", "{}", {date("date", kNov21 - kDay, kNov21)});
  store_.put("Observation", "on", "{}", {date("date", kNov21 + 3600, kNov21 + 3601)});
  store_.put("Observation", "spans", "{}", {date("date", kNov21 + 10, kNov21 + kDay + 10)});
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

TEST_F(ResourceStoreTest, ParamsAreAndedAndValuesOred) {
  store_.put("Observation", "a", "{}",
             {token("code", "loinc", "hr"), reference("subject", "Patient/1")});
  store_.put("Observation", "b", "{}",
             {token("code", "loinc", "bp"), reference("subject", "Patient/1")});
  store_.put("Observation", "c", "{}",
             {token("code", "loinc", "hr"), reference("subject", "Patient/2")});
  store_.put("Observation", "d", "{}",
             {token("code", "loinc", "rr"), reference("subject", "Patient/1")});
  const SearchParam hr_or_bp{
      "code", IndexKind::kToken, {code_value("loinc", "hr"), code_value("loinc", "bp")}};
  const SearchParam patient1{"subject", IndexKind::kReference, {plain("Patient/1")}};
  EXPECT_EQ(search_ids("Observation", {hr_or_bp}), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(search_ids("Observation", {hr_or_bp, patient1}), (std::vector<std::string>{"a", "b"}));
  // The same date param twice is a range: both must hold.
  store_.put("Encounter", "e1", "{}", {date("date", kNov21, kNov21 + 1)});
  store_.put("Encounter", "e2", "{}", {date("date", kNov21 + 2 * kDay, kNov21 + 2 * kDay + 1)});
  EXPECT_EQ(search_ids("Encounter",
                       {{"date", IndexKind::kDate, {when(DatePrefix::kGe, kNov21, kNov21 + 1)}},
                        {"date", IndexKind::kDate, {when(DatePrefix::kLt, kNov21 + kDay, 0)}}}),
            std::vector<std::string>{"e1"});
}

TEST_F(ResourceStoreTest, EveryWriteReplacesTheIndex) {
  store_.put("Observation", "o1", "v1", {token("status", "", "preliminary")});
  store_.put("Observation", "o1", "v2", {token("status", "", "final")});
  const auto status = [&](std::string code) {
    return search_ids("Observation", {{"status", IndexKind::kToken, {code_value("", code)}}});
  };
  EXPECT_TRUE(status("preliminary").empty());
  EXPECT_EQ(status("final"), std::vector<std::string>{"o1"});
}

TEST_F(ResourceStoreTest, PagesWithCountOffsetAndTotal) {
  for (const char* id : {"e", "a", "d", "b", "c"}) store_.put("Patient", id, "{}", {});
  SearchOptions page;
  page.count = 2;
  SearchResult first = store_.search("Patient", {}, page);
  EXPECT_EQ(first.total, 5u);
  EXPECT_EQ(ids(first), (std::vector<std::string>{"a", "b"}));
  page.offset = 2;
  EXPECT_EQ(ids(store_.search("Patient", {}, page)), (std::vector<std::string>{"c", "d"}));
  page.offset = 4;
  const SearchResult last = store_.search("Patient", {}, page);
  EXPECT_EQ(ids(last), std::vector<std::string>{"e"});
  EXPECT_EQ(last.total, 5u);
  page.offset = 10;
  const SearchResult beyond = store_.search("Patient", {}, page);
  EXPECT_TRUE(beyond.resources.empty());
  EXPECT_EQ(beyond.total, 5u);
  page.count = 0;
  page.offset = 0;
  EXPECT_EQ(store_.search("Patient", {}, page).total, 5u);
}

TEST_F(ResourceStoreTest, SortsAndSearchesByLastUpdated) {
  std::vector<int64_t> updated;
  for (const char* id : {"b", "c", "a"}) {
    updated.push_back(store_.put("Patient", id, "{}", {}).last_updated_us);
  }
  store_.put("Patient", "b", "changed", {});  // now the newest
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

TEST_F(ResourceStoreTest, SearchWithoutJsonReturnsIdsOnly) {
  store_.put("Patient", "p1", R"({"a":1})", {});
  SearchOptions options;
  options.include_json = false;
  const SearchResult result = store_.search("Patient", {}, options);
  ASSERT_EQ(result.resources.size(), 1u);
  EXPECT_EQ(result.resources[0].id, "p1");
  EXPECT_EQ(result.resources[0].version, 1);
  EXPECT_TRUE(result.resources[0].json.empty());
}

TEST_F(ResourceStoreTest, EraseWritesADeletedVersion) {
  EXPECT_FALSE(store_.erase("Patient", "p1"));
  store_.put("Patient", "p1", "one", {token("identifier", "mrn", "1")});
  const auto deleted = store_.erase("Patient", "p1");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->version, 2);
  EXPECT_TRUE(deleted->changed);
  EXPECT_EQ(store_.erase("Patient", "p1")->version, 2);
  EXPECT_FALSE(store_.erase("Patient", "p1")->changed);
  EXPECT_TRUE(store_.read("Patient", "p1")->deleted);
  EXPECT_EQ(store_.vread("Patient", "p1", 1)->json, "one");
  EXPECT_EQ(store_.search("Patient", {}).total, 0u);

  const PutResult again = store_.put("Patient", "p1", "one", {});
  EXPECT_EQ(again.version, 3);
  EXPECT_TRUE(again.created);
  EXPECT_EQ(store_.search("Patient", {}).total, 1u);
}

TEST_F(ResourceStoreTest, PutAllWritesEveryResource) {
  const auto results =
      store_.put_all({{"Patient", "p1", "p", {}},
                      {"Observation", "o1", "o", {reference("subject", "Patient/p1")}},
                      {"Patient", "p1", "p2", {}}});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].version, 1);
  EXPECT_EQ(results[1].version, 1);
  EXPECT_EQ(results[2].version, 2);
  EXPECT_EQ(store_.read("Patient", "p1")->json, "p2");
  EXPECT_EQ(search_ids("Observation", {{"subject", IndexKind::kReference, {plain("Patient/p1")}}}),
            std::vector<std::string>{"o1"});
}

TEST_F(ResourceStoreTest, PutAllWithAnInvalidWriteWritesNothing) {
  EXPECT_THROW(store_.put_all({{"Patient", "p1", "p", {}}, {"Patient", "", "p", {}}}),
               std::invalid_argument);
  EXPECT_FALSE(store_.read("Patient", "p1"));
}

TEST_F(ResourceStoreTest, BadSearchParamsAreRejected) {
  EXPECT_THROW(store_.search("Patient", {{"code", IndexKind::kToken, {}}}), std::invalid_argument);
  EXPECT_THROW(store_.search("Patient", {{"_lastUpdated", IndexKind::kToken, {plain("x")}}}),
               std::invalid_argument);
}

TEST_F(ResourceStoreTest, ConcurrentPutsAreSerialized) {
  // Two stores on the same file (two connections) and two threads on each.
  ResourceStore other({dir_.file("journal.db")});
  constexpr int kThreads = 4, kPuts = 25;
  std::vector<std::vector<int64_t>> versions(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ResourceStore& store = t % 2 == 0 ? store_ : other;
      for (int i = 0; i < kPuts; ++i) {
        const std::string json = test::numbered(test::numbered("t", t, "/"), i);
        versions[t].push_back(store.put("Patient", "shared", json, {}).version);
        store.put("Patient", test::numbered("own", t), json, {text("name", json)});
      }
    });
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
  EXPECT_EQ(store_.read("Patient", "shared")->version, kTotal);
  EXPECT_EQ(other.history("Patient", "shared").size(), static_cast<size_t>(kTotal));
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(store_.read("Patient", test::numbered("own", t))->version, kPuts);
  }
  EXPECT_EQ(store_.search("Patient", {{"name", IndexKind::kString, {plain("t")}}}).total,
            static_cast<size_t>(kThreads));
}

TEST(ResourceStoreFileTest, SurvivesReopeningAndSharesTheFileWithTheJournal) {
  test::TempDir dir;
  Journal journal({dir.file("journal.db")});
  {
    ResourceStore store({dir.file("journal.db")});
    store.put("Patient", "p1", "one", {token("identifier", "mrn", "1")});
  }
  ResourceStore store({dir.file("journal.db")});
  EXPECT_EQ(store.read("Patient", "p1")->json, "one");
  EXPECT_EQ(
      store.search("Patient", {{"identifier", IndexKind::kToken, {code_value("mrn", "1")}}}).total,
      1u);
  EXPECT_FALSE(journal.append(JournalEntry{}).duplicate);
}

TEST(ResourceStoreFileTest, AMissingDirectoryIsAJournalError) {
  EXPECT_THROW(ResourceStore({"/nonexistent-titrate-dir/journal.db"}), JournalError);
}

}  // namespace
}  // namespace titrate::store
