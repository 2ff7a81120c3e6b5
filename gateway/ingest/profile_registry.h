#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "mappers/profile/mapping_profile.h"

namespace titrate::ingest {

// The mapping profiles in force. A reload (SIGHUP) swaps the whole set at once; a message
// being mapped keeps the set it started with.
class ProfileRegistry {
 public:
  using Profiles = std::vector<profile::MappingProfile>;

  explicit ProfileRegistry(Profiles profiles)
      : current_(std::make_shared<const Profiles>(std::move(profiles))) {}

  std::shared_ptr<const Profiles> current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

  void replace(Profiles profiles) {
    auto next = std::make_shared<const Profiles>(std::move(profiles));
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Profiles> current_;
};

}  // namespace titrate::ingest
