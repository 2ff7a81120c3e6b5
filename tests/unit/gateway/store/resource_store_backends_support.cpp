#include "resource_store_backends_support.h"

#include <gtest/gtest.h>

#include <atomic>

#include "tests/support/postgres_test_server.h"

namespace titrate::test {
namespace {

// Stops the shared PostgreSQL server (if a test started it) after the last test.
class PostgresServerEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { PostgresTestServer::stop_shared(); }
};

[[maybe_unused]] const ::testing::Environment* const kPostgresEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresServerEnvironment);

}  // namespace

std::string backend_name(StoreBackend backend) {
  return backend == StoreBackend::kSqlite ? "Sqlite" : "Postgres";
}

std::optional<store::ResourceStoreOptions> new_store_options(StoreBackend backend,
                                                             const TempDir& dir,
                                                             std::string* skip) {
  store::ResourceStoreOptions options;
  if (backend == StoreBackend::kSqlite) {
    options.path = dir.file("journal.db");
    return options;
  }
  PostgresTestServer* server = PostgresTestServer::shared(skip);
  if (server == nullptr) return std::nullopt;
  static std::atomic<int> databases{0};
  options.postgresql_url = server->create_database(numbered("store_", ++databases));
  return options;
}

}  // namespace titrate::test
