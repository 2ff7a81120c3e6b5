#include "gateway/store/module_state.h"

#include "gateway/clock/utc_time.h"
#include "gateway/store/bus_connection.h"

namespace titrate::store {

class ModuleState::Impl : public detail::LockedBusConnection {
 public:
  explicit Impl(const ModuleStateOptions& options)
      : LockedBusConnection("module state", {options.path, options.durable, /*read_only=*/false,
                                             options.busy_timeout_ms}) {}
};

ModuleState::ModuleState(const ModuleStateOptions& options)
    : impl_(std::make_unique<Impl>(options)) {}
ModuleState::~ModuleState() = default;

std::optional<std::string> ModuleState::get(std::string_view space, std::string_view key) const {
  return impl_->with_tables([&](detail::BusTables& t) { return t.get_state(space, key); });
}

bool ModuleState::handled(std::string_view group, std::string_view event_id) const {
  return impl_->with_tables([&](detail::BusTables& t) { return t.handled(group, event_id); });
}

void ModuleState::commit(std::string_view group, std::string_view event_id,
                         const std::vector<StateWrite>& writes) {
  impl_->with_tables([&](detail::BusTables& t) {
    const int64_t now = clock::now_us();
    t.begin();
    try {
      for (const StateWrite& w : writes) t.put_state(w.space, w.key, w.value, now);
      t.mark_handled(group, event_id, now);
      t.commit();
    } catch (...) {
      t.rollback();
      throw;
    }
  });
}

}  // namespace titrate::store
