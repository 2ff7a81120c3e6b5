// What only the PostgreSQL backend has: indexes that its planner uses at scale, a connection
// pool that replaces lost connections, concurrent schema creation, and its error messages.
// The behaviour both backends share is tested in resource_store_test.cpp.
#include "gateway/store/resource_store_postgres.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gateway/store/journal.h"
#include "gateway/store/postgres_connection.h"
#include "gateway/store/resource_store.h"
#include "resource_store_backends_support.h"
#include "tests/support/postgres_test_server.h"

namespace titrate::store {
namespace {

constexpr int64_t kMinute = 60'000'000;
constexpr int64_t kBase = 1'795'219'200'000'000;  // 2026-11-21T00:00:00Z

class PostgresResourceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string skip;
    server_ = test::PostgresTestServer::shared(&skip);
    if (server_ == nullptr) GTEST_SKIP() << skip;
  }

  std::string new_database() {
    static std::atomic<int> n{0};
    database_ = test::numbered("pg_only_", ++n);
    return server_->create_database(database_);
  }

  test::PostgresTestServer* server_ = nullptr;
  std::string database_;
};

// The plan of a search, one line per node.
std::string explain(detail::PgConnection& connection, const std::string& type,
                    const std::vector<SearchParam>& params, const SearchOptions& options = {}) {
  const detail::PostgresSearch search = detail::postgres_search(type, params, options);
  detail::PgParams values;
  for (const detail::SqlValue& v : search.values) {
    if (v.is_text) {
      values.text(v.text);
    } else {
      values.int64(v.number);
    }
  }
  const detail::PgResult rows = connection.exec_params("EXPLAIN " + search.sql, values);
  std::string plan;
  for (int row = 0; row < rows.rows(); ++row) (plan += rows.text(row, 0)) += '\n';
  return plan;
}

SearchParam reference_param(std::string name, std::string value) {
  SearchValue v;
  v.value = std::move(value);
  return {std::move(name), IndexKind::kReference, {v}};
}

SearchParam token_param(std::string name, std::string system, std::string code) {
  SearchValue v;
  v.system = std::move(system);
  v.value = std::move(code);
  return {std::move(name), IndexKind::kToken, {v}};
}

SearchParam date_param(std::string name, DatePrefix prefix, int64_t low, int64_t high) {
  SearchValue v;
  v.prefix = prefix;
  v.low_us = low;
  v.high_us = high;
  return {std::move(name), IndexKind::kDate, {v}};
}

SearchParam string_param(std::string name, std::string prefix) {
  SearchValue v;
  v.value = std::move(prefix);
  return {std::move(name), IndexKind::kString, {v}};
}

TEST_F(PostgresResourceStoreTest, SearchesUseIndexesOver100kObservations) {
  ResourceStoreOptions options;
  options.postgresql_url = new_database();
  ResourceStore store(options);  // creates the tables
  // 100,000 Observations of 1,000 patients, 10 codes, one a minute, with a note; written in
  // bulk by SQL as the store writes them (low_us/high_us NULL but for dates); the store's own
  // writes are tested in resource_store_test.cpp.
  server_->query(database_, "INSERT INTO resources SELECT 'Observation', 'o' || g, 1, " +
                                std::to_string(kBase) +
                                " + g * 1000, 0, '{}'"
                                " FROM generate_series(1, 100000) g");
  server_->query(
      database_,
      "INSERT INTO resource_search_index"
      " SELECT 'Observation', 'o' || g, 'subject', 'reference', '',"
      " 'Patient/' || (g % 1000), NULL::bigint, NULL::bigint FROM generate_series(1, 100000) g"
      " UNION ALL SELECT 'Observation', 'o' || g, 'code', 'token', 'http://loinc.org',"
      " 'code' || (g % 10), NULL::bigint, NULL::bigint FROM generate_series(1, 100000) g"
      " UNION ALL SELECT 'Observation', 'o' || g, 'date', 'date', '', '', " +
          std::to_string(kBase) + " + g::bigint * " + std::to_string(kMinute) + ", " +
          std::to_string(kBase) + " + g::bigint * " + std::to_string(kMinute) +
          " + 1 FROM generate_series(1, 100000) g"
          " UNION ALL SELECT 'Observation', 'o' || g, 'note', 'string', '',"
          " 'note ' || g, NULL::bigint, NULL::bigint FROM generate_series(1, 100000) g");
  server_->query(database_, "VACUUM ANALYZE");

  const std::vector<std::pair<std::string, std::vector<SearchParam>>> searches = {
      {"patient", {reference_param("subject", "Patient/7")}},
      {"patient and code",
       {reference_param("subject", "Patient/7"), token_param("code", "http://loinc.org", "code7")}},
      {"date in an hour",
       {date_param("date", DatePrefix::kGe, kBase + 500 * kMinute, kBase + 500 * kMinute + 1),
        date_param("date", DatePrefix::kLt, kBase + 560 * kMinute, 0)}},
      {"string prefix", {string_param("note", "note 4242")}},
      {"_lastUpdated",
       {date_param("_lastUpdated", DatePrefix::kGe, kBase + 5'000'000, kBase + 5'000'001),
        date_param("_lastUpdated", DatePrefix::kLt, kBase + 5'050'000, 0)}},
      {"date ge alone",
       {date_param("date", DatePrefix::kGe, kBase + 99'950 * kMinute,
                   kBase + 99'950 * kMinute + 1)}},
      {"_lastUpdated ge alone",
       {date_param("_lastUpdated", DatePrefix::kGe, kBase + 99'990'000, kBase + 99'990'001)}},
  };
  detail::PgConnection connection(options.postgresql_url);
  for (const auto& [what, params] : searches) {
    SearchOptions options;
    options.sort = SearchSort::kLastUpdatedDesc;
    const std::string plan = explain(connection, "Observation", params, options);
    EXPECT_EQ(plan.find("Seq Scan"), std::string::npos) << what << ":\n" << plan;
  }
  // And the answers are right.
  EXPECT_EQ(store.search("Observation", searches[0].second).total, 100u);
  EXPECT_EQ(store.search("Observation", searches[1].second).total, 100u);
  EXPECT_EQ(store.search("Observation", searches[2].second).total, 60u);
  EXPECT_EQ(store.search("Observation", searches[3].second).total, 11u);  // 4242, 42420..42429
  EXPECT_EQ(store.search("Observation", searches[4].second).total, 50u);
  EXPECT_EQ(store.search("Observation", searches[5].second).total, 51u);
  EXPECT_EQ(store.search("Observation", searches[6].second).total, 11u);
  SearchOptions page;
  page.count = 3;
  page.offset = 1;
  page.sort = SearchSort::kLastUpdatedDesc;
  const SearchResult newest = store.search("Observation", searches[0].second, page);
  ASSERT_EQ(newest.resources.size(), 3u);
  EXPECT_EQ(newest.resources[0].id, "o98007");
  EXPECT_EQ(newest.resources[2].id, "o96007");
}

TEST_F(PostgresResourceStoreTest, ALostConnectionIsReplaced) {
  ResourceStoreOptions options;
  options.postgresql_url = new_database();
  options.max_connections = 2;
  ResourceStore store(options);
  store.put("Patient", "p1", "one", {});
  // The server ends every other session on the database, as a restart or failover would.
  EXPECT_EQ(server_->query(database_,
                           "SELECT COUNT(pg_terminate_backend(pid)) > 0 FROM pg_stat_activity"
                           " WHERE datname = current_database() AND pid <> pg_backend_pid()"),
            "t");
  EXPECT_EQ(store.read("Patient", "p1")->json, "one");
  EXPECT_EQ(store.put("Patient", "p1", "two", {}).version, 2);
  EXPECT_EQ(store.search("Patient", {}).total, 1u);
}

TEST_F(PostgresResourceStoreTest, NodesStartingTogetherCreateTheSchemaOnce) {
  ResourceStoreOptions options;
  options.postgresql_url = new_database();
  constexpr int kNodes = 4;
  std::vector<std::thread> nodes;
  std::atomic<int> opened{0};
  std::vector<std::string> errors(kNodes);
  for (int n = 0; n < kNodes; ++n) {
    nodes.emplace_back([&, n] {
      try {
        ResourceStore store(options);
        store.put("Patient", test::numbered("p", n), "{}", {});
        ++opened;
      } catch (const std::exception& e) {
        errors[n] = e.what();
      }
    });
  }
  for (std::thread& t : nodes) t.join();
  for (const std::string& e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(opened, kNodes);
  EXPECT_EQ(server_->query(database_, "SELECT version FROM titrate_schema_version"), "1");
}

TEST_F(PostgresResourceStoreTest, ADatabaseNotInUtf8IsRefused) {
  server_->query("postgres",
                 "CREATE DATABASE latin1_store ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
                 " TEMPLATE template0");
  ResourceStoreOptions options;
  options.postgresql_url = server_->url("latin1_store");
  try {
    ResourceStore store(options);
    FAIL() << "opened a LATIN1 database";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find("needs UTF8"), std::string::npos) << e.what();
  }
}

TEST(PostgresResourceStoreErrorTest, AnUnreachableServerIsAJournalErrorWithoutThePassword) {
  ResourceStoreOptions options;
  options.postgresql_url = "postgresql://titrate:s3cret@127.0.0.1:1/titrate?connect_timeout=5";
  try {
    ResourceStore store(options);
    FAIL() << "connected to port 1";
  } catch (const JournalError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
    EXPECT_NE(message.find("resource store postgresql://titrate:***@127.0.0.1:1/titrate"),
              std::string::npos)
        << message;
  }
}

TEST(PostgresResourceStoreErrorTest, PasswordsAreRedactedFromUrls) {
  EXPECT_EQ(detail::redact_postgres_url("postgresql://u:pw@h:5432/db"),
            "postgresql://u:***@h:5432/db");
  EXPECT_EQ(detail::redact_postgres_url("postgresql://u@h/db?password=pw&sslmode=require"),
            "postgresql://u@h/db?password=***&sslmode=require");
  EXPECT_EQ(detail::redact_postgres_url("host=h password=pw dbname=db"),
            "host=h password=*** dbname=db");
  EXPECT_EQ(detail::redact_postgres_url("postgresql://h/db"), "postgresql://h/db");
}

}  // namespace
}  // namespace titrate::store
