#pragma once

#include <atomic>
#include <cstdint>

#include "gateway/model/mapped_message.h"

namespace titrate::ingest {

// The next stage after ingest: receives every durably journaled, successfully mapped message.
// The bus publisher implements it; so does the counter below.
class MappedSink {
 public:
  virtual ~MappedSink() = default;
  virtual void deliver(const model::MappedMessage& message) = 0;
};

// Counts what was delivered (for /metrics) until a bus is attached.
class CountingSink : public MappedSink {
 public:
  void deliver(const model::MappedMessage& message) override {
    if (message.patient) ++patients;
    orders += message.orders.size();
  }
  std::atomic<uint64_t> patients{0};
  std::atomic<uint64_t> orders{0};
};

}  // namespace titrate::ingest
