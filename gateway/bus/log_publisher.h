// Appends events to the embedded bus's log, durably, with group commit: concurrent publishers
// share one transaction and one sync. The first caller to find no commit running writes
// everything queued so far (its own event included); the others wait for that commit or lead
// the next one. No thread of its own. Internal to gateway/bus.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/bus/event.h"
#include "gateway/store/bus_connection.h"

namespace titrate::bus::detail {

// An encoded event on its way into bus_log.
struct Publication {
  std::string topic, key, event_id, type, payload;
};

Publication make_publication(std::string_view topic, const Event& event);

class LogPublisher {
 public:
  explicit LogPublisher(const store::detail::BusConnectionOptions& options);
  // Durable on return; throws BusError.
  void publish(Publication publication);
  uint64_t commits() const;

 private:
  struct Batch {
    std::vector<Publication> items;
    bool done = false;
    std::string error;
  };

  void write(Batch& batch);

  store::detail::BusConnection connection_;  // used by the leader only
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::shared_ptr<Batch> open_ = std::make_shared<Batch>();
  bool leading_ = false;
  uint64_t commits_ = 0;
};

}  // namespace titrate::bus::detail
