#include "tests/support/postgres_test_server.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace titrate::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSuperuser = "titrate";

bool has_server(const fs::path& bin) {
  for (const char* tool : {"initdb", "pg_ctl", "postgres"}) {
    if (access((bin / tool).c_str(), X_OK) != 0) return false;
  }
  return true;
}

// Runs a program to its end; its stdout and stderr in `output`.
int run(const std::string& program, const std::vector<std::string>& args, std::string& output) {
  Poco::Pipe out;
  Poco::ProcessHandle process = Poco::Process::launch(program, args, nullptr, &out, &out);
  Poco::PipeInputStream stream(out);
  output.assign(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
  return process.wait();
}

// A port free on 127.0.0.1 just now (the server binds it a moment later; start() retries when
// another process took it in between).
uint16_t free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::mutex shared_mutex;
std::terminate_handler previous_terminate = nullptr;
std::unique_ptr<PostgresTestServer> shared_server;
bool shared_tried = false;
std::string shared_why, shared_error;

}  // namespace

std::optional<std::string> PostgresTestServer::find_binaries(std::string* why) {
  const auto fail = [&](std::string reason) -> std::optional<std::string> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  if (geteuid() == 0 && getpwnam("postgres") == nullptr) {
    return fail("running as root and there is no postgres user to run PostgreSQL as");
  }
  if (const char* bin = getenv("TITRATE_POSTGRES_BIN"); bin && *bin) {
    if (has_server(bin)) return std::string(bin);
    return fail(std::string("TITRATE_POSTGRES_BIN=") + bin + " has no initdb, pg_ctl, postgres");
  }
  std::vector<std::pair<int, fs::path>> found;
  std::error_code error;
  for (const fs::directory_entry& version : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const std::string name = version.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    if (has_server(version.path() / "bin")) found.emplace_back(std::stoi(name), version.path());
  }
  if (found.empty()) {
    return fail(
        "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (scripts/install-test-deps.sh "
        "installs Debian's postgresql)");
  }
  std::sort(found.begin(), found.end());
  return (found.back().second / "bin").string();
}

PostgresTestServer::PostgresTestServer(const std::string& bin_dir)
    : bin_dir_(bin_dir), as_postgres_(geteuid() == 0) {
  std::string dir = (fs::temp_directory_path() / "titrate-pg-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = dir;
  try {
    start();
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    throw;
  }
}

void PostgresTestServer::start() {
  // As root: runuser -u postgres -- <tool> ..., in a directory the postgres user owns.
  const auto tool = [&](const char* name, std::vector<std::string> args, std::string& output) {
    const std::string program = (fs::path(bin_dir_) / name).string();
    if (!as_postgres_) return run(program, args, output);
    args.insert(args.begin(), {"-u", "postgres", "--", program});
    return run("/usr/sbin/runuser", args, output);
  };
  if (as_postgres_) {
    const passwd* user = getpwnam("postgres");
    if (user == nullptr || chown(dir_.c_str(), user->pw_uid, user->pw_gid) != 0) {
      throw std::runtime_error("cannot give " + dir_ + " to the postgres user");
    }
  }
  const std::string data = dir_ + "/data";
  std::string output;
  if (tool("initdb",
           {"-D", data, "-U", kSuperuser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
            "--no-sync"},
           output) != 0) {
    throw std::runtime_error("initdb failed:\n" + output);
  }
  // Durability is not under test here: fsync off keeps the tests fast on a shared machine.
  for (int attempt = 1;; ++attempt) {
    port_ = free_port();
    const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) +
                                " -k " + dir_ + " -c fsync=off -c full_page_writes=off";
    if (tool("pg_ctl",
             {"-D", data, "-l", dir_ + "/server.log", "-o", options, "-w", "-t", "60", "start"},
             output) == 0) {
      break;
    }
    if (attempt == 3) {
      throw std::runtime_error("pg_ctl start failed:\n" + output + "\nserver log:\n" +
                               read_text(dir_ + "/server.log"));
    }
  }
  running_ = true;
}

PostgresTestServer::~PostgresTestServer() {
  if (running_) {
    std::string output;
    const std::string program = (fs::path(bin_dir_) / "pg_ctl").string();
    const std::vector<std::string> stop = {"-D", dir_ + "/data", "-m", "immediate", "-w", "stop"};
    if (as_postgres_) {
      std::vector<std::string> args = {"-u", "postgres", "--", program};
      args.insert(args.end(), stop.begin(), stop.end());
      run("/usr/sbin/runuser", args, output);
    } else {
      run(program, stop, output);
    }
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string PostgresTestServer::url(const std::string& database) const {
  return std::string("postgresql://") + kSuperuser + "@127.0.0.1:" + std::to_string(port_) + "/" +
         database;
}

std::string PostgresTestServer::create_database(const std::string& name) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      })) {
    throw std::invalid_argument("database names here are [a-z0-9_]+: " + name);
  }
  query("postgres", "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
  return url(name);
}

std::string PostgresTestServer::query(const std::string& database, const std::string& sql) const {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url(database).c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error(std::string("cannot connect: ") + PQerrorMessage(conn.get()));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error(sql + ": " + PQresultErrorMessage(result.get()));
  }
  std::string out;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    if (row > 0) out += '\n';
    out += PQgetvalue(result.get(), row, 0);
  }
  return out;
}

PostgresTestServer* PostgresTestServer::shared(std::string* why) {
  std::lock_guard lock(shared_mutex);
  if (!shared_tried) {
    shared_tried = true;
    try {
      if (std::optional<std::string> bin = find_binaries(&shared_why)) {
        shared_server = std::make_unique<PostgresTestServer>(*bin);
        // A test that ends the process (an exception out of a thread) stops the server too.
        previous_terminate = std::set_terminate([] {
          shared_server.reset();
          (previous_terminate ? previous_terminate : std::abort)();
        });
      }
    } catch (const std::exception& e) {
      shared_error = e.what();
    }
  }
  // Binaries that are there but fail fail every test that needs them (no silent skip).
  if (!shared_error.empty()) throw std::runtime_error(shared_error);
  if (!shared_server && why) *why = shared_why;
  return shared_server.get();
}

void PostgresTestServer::stop_shared() {
  std::lock_guard lock(shared_mutex);
  shared_server.reset();
}

}  // namespace titrate::test
