#include "gateway/store/bus_log_reader.h"

#include "gateway/store/bus_connection.h"

namespace titrate::store {

class BusLogReader::Impl : public detail::LockedBusConnection {
 public:
  explicit Impl(const BusLogReaderOptions& options)
      : LockedBusConnection("bus log", {options.path, /*durable=*/true, /*read_only=*/true,
                                        options.busy_timeout_ms}) {}
};

BusLogReader::BusLogReader(const BusLogReaderOptions& options)
    : impl_(std::make_unique<Impl>(options)) {}
BusLogReader::~BusLogReader() = default;

std::vector<BusLogRow> BusLogReader::events(std::string_view topic, int64_t after_seq,
                                            size_t limit) const {
  return impl_->with_tables([&](detail::BusTables& t) {
    std::vector<BusLogRow> rows;
    t.read_topic(topic, after_seq + 1, limit, rows);
    return rows;
  });
}

std::vector<BusOffset> BusLogReader::offsets() const {
  return impl_->with_tables([](detail::BusTables& t) { return t.offsets(); });
}

std::vector<BusDeadLetter> BusLogReader::dead_letters(size_t limit) const {
  return impl_->with_tables([&](detail::BusTables& t) { return t.dead_letters(limit); });
}

}  // namespace titrate::store
