#include "gateway/store/journal.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <variant>

#include "gateway/clock/utc_time.h"
#include "gateway/store/exception_text.h"
#include "gateway/store/journal_db.h"
#include "gateway/store/journal_writer.h"

namespace titrate::store {

std::string_view to_string(JournalState state) {
  switch (state) {
    case JournalState::kAccepted:
      return "accepted";
    case JournalState::kFailed:
      return "failed";
    case JournalState::kRejected:
      return "rejected";
  }
  return "failed";
}

std::optional<JournalState> journal_state_from(std::string_view text) {
  if (text == "accepted") return JournalState::kAccepted;
  if (text == "failed") return JournalState::kFailed;
  if (text == "rejected") return JournalState::kRejected;
  return std::nullopt;
}

namespace {

struct ReplayUpdate {
  int64_t id;
  JournalState state;
  std::string error;
  std::vector<PendingEvent> events;
};

// One queued write. The writer thread owns the promise; the caller waits on its future.
struct Job {
  std::variant<JournalEntry, ReplayUpdate> work;
  std::promise<AppendResult> done;
  AppendResult result;
  bool wrote_events = false;
};

}  // namespace

class Journal::Impl {
 public:
  explicit Impl(const JournalOptions& options) : options_(options) {
    options_.max_batch = std::max<size_t>(options_.max_batch, 1);
    if (!options_.read_only) {
      write_session_.emplace(detail::open_journal_session(options_));
      writer_ = std::make_unique<detail::JournalWriter>(*write_session_);
    }
    JournalOptions read_options = options_;
    read_options.read_only = true;
    read_session_.emplace(detail::open_journal_session(read_options));
    if (writer_) writer_thread_ = std::thread([this] { write_loop(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();  // drains the queue
  }

  AppendResult submit(std::variant<JournalEntry, ReplayUpdate> work) {
    std::future<AppendResult> result;
    {
      std::lock_guard lock(queue_mutex_);
      if (!writer_) fail("opened read-only");
      if (stopping_) fail("closed");
      queue_.push_back(Job{std::move(work), {}, {}});
      result = queue_.back().done.get_future();
    }
    queue_cv_.notify_one();
    return result.get();
  }

  template <typename Fn>
  auto read(Fn&& fn) const {
    std::lock_guard lock(read_mutex_);
    try {
      return fn(*read_session_);
    } catch (const Poco::Exception& e) {
      fail("read failed: " + e.displayText());
    }
  }

  JournalStats stats() const {
    return {appended_.load(std::memory_order_relaxed), duplicates_.load(std::memory_order_relaxed),
            commits_.load(std::memory_order_relaxed)};
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw JournalError("journal " + options_.path + ": " + what);
  }

  void write_loop() {
    std::vector<Job> batch;
    while (take(batch, /*wait=*/true)) {
      write(batch);
      batch.clear();
    }
  }

  // Moves queued jobs to the batch, up to max_batch in all. With wait, first blocks until there
  // is one. Returns false when none was taken (with wait: stopping, and the queue is drained).
  bool take(std::vector<Job>& batch, bool wait) {
    std::unique_lock lock(queue_mutex_);
    if (wait) queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    const size_t n = std::min(queue_.size(), options_.max_batch - batch.size());
    if (n == 0) return false;
    if (batch.empty() && n == queue_.size()) {
      batch.swap(queue_);
    } else {
      const auto end = queue_.begin() + static_cast<ptrdiff_t>(n);
      std::move(queue_.begin(), end, std::back_inserter(batch));
      queue_.erase(queue_.begin(), end);
    }
    return true;
  }

  // One transaction, one sync; nobody hears of success before COMMIT has returned.
  void write(std::vector<Job>& batch) {
    try {
      const int64_t now = clock::now_us();
      writer_->begin();
      // Jobs queued while the writer inserts join this transaction: batches grow under load
      // without anyone waiting on purpose.
      size_t done = 0;
      do {
        for (; done < batch.size(); ++done) apply(batch[done], now);
      } while (take(batch, /*wait=*/false));
      writer_->commit();
    } catch (...) {
      const std::string message = "journal " + options_.path + ": write of " +
                                  std::to_string(batch.size()) +
                                  " entries failed: " + exception_text(std::current_exception());
      writer_->rollback();
      for (Job& job : batch) job.done.set_exception(std::make_exception_ptr(JournalError(message)));
      return;
    }
    commits_.fetch_add(1, std::memory_order_relaxed);
    if (std::any_of(batch.begin(), batch.end(), [](const Job& j) { return j.wrote_events; })) {
      notify_commit();
    }
    for (Job& job : batch) complete(job);
  }

  void apply(Job& job, int64_t now) {
    std::vector<PendingEvent>* events = nullptr;
    if (auto* entry = std::get_if<JournalEntry>(&job.work)) {
      job.result = writer_->insert(*entry, now);
      if (!job.result.duplicate) events = &entry->events;
    } else {
      auto& replay = std::get<ReplayUpdate>(job.work);
      const bool found = writer_->update_replay(replay.id, replay.state, replay.error, now);
      job.result.id = found ? replay.id : 0;
      if (found) events = &replay.events;
    }
    if (events != nullptr && !events->empty()) {
      writer_->append_events(job.result.id, *events, now);
      job.wrote_events = true;
    }
  }

  void notify_commit() {
    std::function<void()> listener;
    {
      std::lock_guard lock(listener_mutex_);
      listener = listener_;
    }
    if (listener) listener();
  }

 public:
  void set_commit_listener(std::function<void()> listener) {
    std::lock_guard lock(listener_mutex_);
    listener_ = std::move(listener);
  }

 private:
  // After COMMIT: count the job and wake its caller (a replay of an unknown id gets an error).
  void complete(Job& job) {
    if (auto* replay = std::get_if<ReplayUpdate>(&job.work)) {
      if (job.result.id == 0) {
        job.done.set_exception(std::make_exception_ptr(JournalError(
            "journal " + options_.path + ": no entry with id " + std::to_string(replay->id))));
        return;
      }
    } else {
      (job.result.duplicate ? duplicates_ : appended_).fetch_add(1, std::memory_order_relaxed);
    }
    job.done.set_value(std::move(job.result));
  }

  JournalOptions options_;
  std::optional<Poco::Data::Session> write_session_;
  std::unique_ptr<detail::JournalWriter> writer_;  // used by the writer thread only

  mutable std::mutex read_mutex_;
  mutable std::optional<Poco::Data::Session> read_session_;

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::vector<Job> queue_;
  bool stopping_ = false;

  std::mutex listener_mutex_;
  std::function<void()> listener_;

  std::atomic<uint64_t> appended_{0}, duplicates_{0}, commits_{0};
  std::thread writer_thread_;
};

Journal::Journal(const JournalOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Journal::~Journal() = default;

AppendResult Journal::append(JournalEntry entry) {
  return impl_->submit(std::move(entry));
}

std::vector<JournalSummary> Journal::list(const JournalQuery& query) const {
  return impl_->read([&](Poco::Data::Session& s) { return detail::select_summaries(s, query); });
}

std::optional<JournalRecord> Journal::get(int64_t id) const {
  return impl_->read([&](Poco::Data::Session& s) { return detail::select_record(s, id); });
}

void Journal::record_replay(int64_t id, JournalState state, std::string_view error) {
  impl_->submit(ReplayUpdate{id, state, std::string(error), {}});
}

void Journal::record_replay(int64_t id, JournalState state, std::string_view error,
                            std::vector<PendingEvent> events) {
  impl_->submit(ReplayUpdate{id, state, std::string(error), std::move(events)});
}

void Journal::set_commit_listener(std::function<void()> listener) {
  impl_->set_commit_listener(std::move(listener));
}

JournalStats Journal::stats() const {
  return impl_->stats();
}

}  // namespace titrate::store
