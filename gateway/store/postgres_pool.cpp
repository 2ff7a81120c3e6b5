#include "gateway/store/postgres_pool.h"

namespace titrate::store::detail {

PgPool::PgPool(std::string url, size_t max_connections, std::function<void(PgConnection&)> setup)
    : url_(std::move(url)),
      max_connections_(max_connections == 0 ? 1 : max_connections),
      setup_(std::move(setup)) {}

PgPool::Lease PgPool::acquire() {
  {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
    ++open_;  // reserved while connecting, outside the lock
  }
  try {
    auto connection = std::make_unique<PgConnection>(url_);
    if (setup_) setup_(*connection);
    return Lease(*this, std::move(connection));
  } catch (...) {
    give_back(nullptr);
    throw;
  }
}

void PgPool::give_back(std::unique_ptr<PgConnection> connection) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (connection && connection->reusable()) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  returned_.notify_one();
  // A broken connection closes here, outside the lock.
}

}  // namespace titrate::store::detail
