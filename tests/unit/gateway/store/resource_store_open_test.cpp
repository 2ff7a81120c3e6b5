// The gateway config's store.resources chooses the resource store's backend.
#include "gateway/store/resource_store_open.h"

#include <gtest/gtest.h>

#include <fstream>

#include "gateway/config/config_error.h"
#include "resource_store_backends_support.h"
#include "tests/support/postgres_test_server.h"

namespace titrate::store {
namespace {

config::GatewayConfig load(const test::TempDir& dir, const std::string& json) {
  const std::string path = dir.file("gateway.json");
  std::ofstream(path) << json;
  return config::load_gateway_config(path);
}

TEST(ResourceStoreOpenTest, WithoutResourcesTheStoreIsTheJournalFile) {
  test::TempDir dir;
  const config::GatewayConfig config =
      load(dir, R"({"data_dir": "d", "store": {"journal": "j.db"}})");
  const ResourceStoreOptions options = resource_store_options(config);
  EXPECT_EQ(options.path, dir.file("d/j.db"));
  EXPECT_EQ(options.postgresql_url, "");
  std::filesystem::create_directories(dir.file("d"));
  open_resource_store(config)->put("Patient", "p1", "{}", {});
  EXPECT_TRUE(std::filesystem::exists(dir.file("d/j.db")));
}

TEST(ResourceStoreOpenTest, APostgresqlUrlMovesTheStoreToPostgres) {
  test::TempDir dir;
  const config::GatewayConfig config =
      load(dir, R"({"store": {"resources": "postgresql://gw@db.example:5432/titrate",
                              "resources_max_connections": 12}})");
  const ResourceStoreOptions options = resource_store_options(config);
  EXPECT_EQ(options.postgresql_url, "postgresql://gw@db.example:5432/titrate");
  EXPECT_EQ(options.max_connections, 12u);
}

TEST(ResourceStoreOpenTest, AnotherUrlIsAConfigError) {
  test::TempDir dir;
  try {
    load(dir, R"({"store": {"resources": "mysql://db/titrate"}})");
    FAIL() << "accepted a mysql URL";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/store/resources: expected a postgresql:// URL"),
              std::string::npos)
        << e.what();
  }
}

TEST(ResourceStoreOpenTest, OpensThePostgresStoreTheConfigNames) {
  std::string skip;
  test::PostgresTestServer* server = test::PostgresTestServer::shared(&skip);
  if (server == nullptr) GTEST_SKIP() << skip;
  const std::string url = server->create_database("open_from_config");
  test::TempDir dir;
  const config::GatewayConfig config = load(dir, R"({"store": {"resources": ")" + url + "\"}}");
  open_resource_store(config)->put("Patient", "p1", "{}", {});
  EXPECT_EQ(server->query("open_from_config", "SELECT id FROM resources"), "p1");
  EXPECT_FALSE(std::filesystem::exists(dir.file("data/journal.db")));
}

}  // namespace
}  // namespace titrate::store
