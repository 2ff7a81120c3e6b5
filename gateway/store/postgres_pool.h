// A pool of PostgreSQL connections (internal to gateway/store): at most max_connections, opened
// when needed and kept; a caller waits while all are in use. A connection that comes back
// broken or inside a transaction is closed, and the next caller gets a new one.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/store/postgres_connection.h"

namespace titrate::store::detail {

class PgPool {
 public:
  // `setup` runs on each new connection (e.g. prepares statements); throws PgError.
  PgPool(std::string url, size_t max_connections, std::function<void(PgConnection&)> setup);
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  class Lease {
   public:
    Lease(PgPool& pool, std::unique_ptr<PgConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_.give_back(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PgConnection& operator*() const { return *connection_; }
    PgConnection* operator->() const { return connection_.get(); }

   private:
    PgPool& pool_;
    std::unique_ptr<PgConnection> connection_;
  };

  // An idle connection, a new one while fewer than max_connections are open, or the next one
  // given back. Throws PgError when a new connection fails.
  Lease acquire();

 private:
  void give_back(std::unique_ptr<PgConnection> connection) noexcept;

  const std::string url_;
  const size_t max_connections_;
  const std::function<void(PgConnection&)> setup_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  size_t open_ = 0;  // idle and leased
};

}  // namespace titrate::store::detail
