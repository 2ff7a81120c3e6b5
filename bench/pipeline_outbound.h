// The end-to-end benchmark's last stage: the outbound module as the gateway runs it (every
// resource checked by Titrate's FHIR validator before a durable SQLite resource store takes it),
// and a count of the completed MedicationAdministrations it stored, noting when the expected
// count was reached.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "gateway/bus/bus.h"
#include "gateway/outbound/outbound_module.h"
#include "gateway/store/resource_store.h"
#include "mappers/validation/fhir_validator.h"

namespace titrate::bench {

class CompletedAdministrations {
 public:
  using Clock = std::chrono::steady_clock;

  // `store_path`: the SQLite file (the gateway keeps the store in the journal's file).
  CompletedAdministrations(const validation::FhirValidator& validator,
                           const std::string& store_path);

  // The outbound module's subscription (group titrate-outbound).
  bus::Subscription subscription(const bus::Topics& topics) { return module_.subscription(topics); }
  outbound::OutboundStats stats() const { return module_.stats(); }

  // From now on, note the time when `completed` reaches this count.
  void expect(uint64_t completed);
  uint64_t completed() const { return completed_.load(); }
  Clock::time_point completed_at() const;

 private:
  void count(const std::vector<store::ResourceWrite>& writes,
             const std::vector<store::PutResult>& results);

  store::ResourceStore store_;
  outbound::OutboundModule module_;
  std::atomic<uint64_t> completed_{0}, target_{0};
  mutable std::mutex mutex_;
  Clock::time_point completed_at_{};
};

}  // namespace titrate::bench
