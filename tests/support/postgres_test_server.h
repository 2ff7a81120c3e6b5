// A throwaway PostgreSQL server for tests and benchmarks: a cluster in a temporary directory,
// listening on 127.0.0.1 at a free port (its unix socket inside the directory too), stopped and
// removed by the destructor. Uses Debian's server binaries (/usr/lib/postgresql/*/bin, package
// postgresql, installed by scripts/install-test-deps.sh). initdb refuses to run as root, so as
// root the server runs as the `postgres` system user.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace titrate::test {

class PostgresTestServer {
 public:
  // The newest /usr/lib/postgresql/<version>/bin holding initdb, pg_ctl and postgres
  // (TITRATE_POSTGRES_BIN overrides it); nullopt, with the reason in `why`, when there is none
  // or, as root, when there is no postgres user.
  static std::optional<std::string> find_binaries(std::string* why = nullptr);

  // Creates and starts the cluster. Throws std::runtime_error with the tool's output or the
  // server's log.
  explicit PostgresTestServer(const std::string& bin_dir);
  ~PostgresTestServer();
  PostgresTestServer(const PostgresTestServer&) = delete;
  PostgresTestServer& operator=(const PostgresTestServer&) = delete;

  uint16_t port() const { return port_; }
  // "postgresql://titrate@127.0.0.1:<port>/<database>"; the superuser, trusted on loopback.
  std::string url(const std::string& database) const;
  // Creates an empty UTF8 database ([a-z0-9_] name) and returns its url().
  std::string create_database(const std::string& name);
  // Runs SQL without parameters on `database`; returns the first column of each row.
  std::string query(const std::string& database, const std::string& sql) const;

  // One server per process, started at the first call and stopped by stop_shared() (a gtest
  // Environment's TearDown). nullptr, with the reason in `why`, when no binaries are found;
  // throws std::runtime_error when the server would not start.
  static PostgresTestServer* shared(std::string* why);
  static void stop_shared();

 private:
  void start();

  std::string bin_dir_, dir_;
  bool as_postgres_ = false;  // running as root: the server runs as the postgres user
  uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace titrate::test
