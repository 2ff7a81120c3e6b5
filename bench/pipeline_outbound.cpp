#include "bench/pipeline_outbound.h"

#include <vector>

namespace titrate::bench {
namespace {

store::ResourceStoreOptions durable_sqlite(const std::string& path) {
  store::ResourceStoreOptions options;
  options.path = path;
  options.durable = true;
  return options;
}

bool completed_administration(const store::ResourceWrite& write) {
  if (write.type != "MedicationAdministration") return false;
  for (const store::IndexEntry& entry : write.index) {
    if (entry.param == "status") return entry.value == "completed";
  }
  return false;
}

}  // namespace

CompletedAdministrations::CompletedAdministrations(const validation::FhirValidator& validator,
                                                   const std::string& store_path)
    : store_(durable_sqlite(store_path)),
      module_(store_, [&validator](const store::ResourceWrite& write) {
        std::vector<std::string> problems;
        for (const validation::ValidationIssue& issue : validator.validate(write.json).errors) {
          problems.push_back((issue.pointer.empty() ? "/" : issue.pointer) + ": " + issue.message);
        }
        return problems;
      }) {
  module_.add_listener(
      [this](const bus::Event&, const std::vector<store::ResourceWrite>& writes,
             const std::vector<store::PutResult>& results) { count(writes, results); });
}

void CompletedAdministrations::count(const std::vector<store::ResourceWrite>& writes,
                                     const std::vector<store::PutResult>& results) {
  for (size_t i = 0; i < writes.size() && i < results.size(); ++i) {
    // A redelivered event stores nothing new: count each completion once.
    if (!results[i].changed || !completed_administration(writes[i])) continue;
    if (++completed_ == target_.load()) {
      std::lock_guard lock(mutex_);
      completed_at_ = Clock::now();
    }
  }
}

void CompletedAdministrations::expect(uint64_t completed) {
  std::lock_guard lock(mutex_);
  target_ = completed;
  if (completed_.load() >= completed) completed_at_ = Clock::now();
}

CompletedAdministrations::Clock::time_point CompletedAdministrations::completed_at() const {
  std::lock_guard lock(mutex_);
  return completed_at_;
}

}  // namespace titrate::bench
