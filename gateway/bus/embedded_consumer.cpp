#include "gateway/bus/embedded_consumer.h"

#include <algorithm>
#include <exception>

#include "gateway/bus/backoff.h"
#include "gateway/clock/utc_time.h"
#include "gateway/log/log.h"
#include "gateway/store/exception_text.h"
#include "gateway/store/journal.h"

namespace titrate::bus::detail {
namespace {

// A consumer's commit holds its effects and its new offsets together, so losing the last
// commits to a crash only means handling those events again. It therefore does not sync each
// commit (synchronous=NORMAL): the journal's next sync of the shared WAL makes it durable.
// Syncing here too costs a second fsync per message at low load (bench/ingest_bench.py, one
// connection: 2.0 k acks/s with, 2.9 k without).
store::detail::BusConnectionOptions connection_options(const EmbeddedBusOptions& options) {
  return {options.path, options.durable, /*read_only=*/false, options.busy_timeout_ms,
          /*defer_sync=*/true};
}

}  // namespace

EmbeddedConsumer::EmbeddedConsumer(const EmbeddedBusOptions& options, Subscription subscription,
                                   Wakeup& wakeup, BusCounters& counters)
    : options_(options),
      subscription_(std::move(subscription)),
      wakeup_(wakeup),
      counters_(counters),
      connection_(connection_options(options)) {
  options_.batch = std::max<size_t>(options_.batch, 1);
  options_.max_attempts = std::max(options_.max_attempts, 1);
  load_offsets();
}

void EmbeddedConsumer::load_offsets() {
  store::detail::BusTables& tables = connection_.tables();
  committed_next_seq_.clear();
  for (const std::string& topic : subscription_.topics) {
    // A topic the group has never read is read from its start: nothing published is skipped.
    committed_next_seq_[topic] = tables.next_seq(subscription_.group, topic).value_or(0);
  }
}

void EmbeddedConsumer::run() {
  wakeup_.poll_until_stopped(
      options_.poll_interval, std::max(options_.poll_interval, options_.initial_backoff),
      [this] {
        const std::vector<store::BusLogRow> rows = read_batch();
        if (rows.empty()) return false;
        handle_batch(rows);
        return true;
      },
      [this](const std::exception& e) {
        // The batch's effects were rolled back: read it again from the committed offsets.
        TITRATE_LOG_ERROR("embedded bus: consumer group %s: %s", subscription_.group.c_str(),
                          e.what());
        pending_ = Pending{};
      });
}

std::vector<store::BusLogRow> EmbeddedConsumer::read_batch() {
  return connection_.tables().read_after(committed_next_seq_, options_.batch);
}

void EmbeddedConsumer::handle_batch(const std::vector<store::BusLogRow>& rows) {
  store::detail::BusTables& tables = connection_.tables();
  pending_ = Pending{};
  for (const store::BusLogRow& row : rows) {
    model::ModelJsonError decode_error;
    std::optional<Event> event = decode_event(row.payload, &decode_error);
    if (!event) {
      dead_letter(row, "undecodable envelope: " + decode_error.to_string(), 0);
      continue;
    }
    if (pending_.handled.contains(event->event_id) ||
        tables.handled(subscription_.group, event->event_id)) {
      counters_.duplicates_skipped.fetch_add(1, std::memory_order_relaxed);
      pending_.next_seq[row.topic] = row.seq + 1;
      continue;
    }
    if (std::optional<Failure> failure = invoke(*event)) {
      if (!retry(row, *event, std::move(*failure))) return;  // stopping
    }
    pending_.next_seq[row.topic] = row.seq + 1;
  }
  commit();
}

std::optional<EmbeddedConsumer::Failure> EmbeddedConsumer::invoke(const Event& event) {
  BufferedContext context([this](std::string_view space, std::string_view key) {
    if (std::optional<std::string> written = pending_.effects.state_of(space, key)) return written;
    return connection_.tables().get_state(space, key);
  });
  try {
    subscription_.handler(event, context);
  } catch (const PermanentError& e) {
    counters_.handler_failures.fetch_add(1, std::memory_order_relaxed);
    return Failure{e.what(), true};
  } catch (...) {
    counters_.handler_failures.fetch_add(1, std::memory_order_relaxed);
    // Kept in bus_dead_letter (like a journal entry's error) but never logged: it may quote
    // the event.
    return Failure{store::exception_text(std::current_exception())};
  }
  pending_.handled.insert(event.event_id);
  pending_.effects.add(context.take(), event.event_id);
  counters_.consumed.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

bool EmbeddedConsumer::retry(const store::BusLogRow& row, const Event& event, Failure failure) {
  // Keep what the earlier events of the batch did; the offset stays before this event.
  commit();
  std::string error = std::move(failure.error);
  int attempts = 1;
  while (!failure.permanent && attempts < options_.max_attempts) {
    TITRATE_LOG_WARN(
        "embedded bus: consumer group %s: handler failed on event %s (attempt %d of %d)",
        subscription_.group.c_str(), event.event_id.c_str(), attempts, options_.max_attempts);
    if (wakeup_.sleep(backoff_delay(options_.initial_backoff, options_.max_backoff, attempts))) {
      return false;
    }
    std::optional<Failure> again = invoke(event);
    if (!again) return true;
    error = std::move(again->error);
    failure.permanent = again->permanent;
    ++attempts;
  }
  dead_letter(row, std::move(error), attempts);
  TITRATE_LOG_ERROR("embedded bus: consumer group %s: event %s dead-lettered after %d attempts",
                    subscription_.group.c_str(), event.event_id.c_str(), attempts);
  return true;
}

void EmbeddedConsumer::dead_letter(const store::BusLogRow& row, std::string error, int attempts) {
  // Not recorded as handled: a replay of the journal entry delivers it again.
  pending_.dead_letters.push_back(store::BusDeadLetter{
      subscription_.group, row.seq, row.event_id, std::move(error), attempts, clock::now_us()});
  pending_.next_seq[row.topic] = row.seq + 1;
  counters_.dead_lettered.fetch_add(1, std::memory_order_relaxed);
  if (attempts == 0) {
    TITRATE_LOG_ERROR(
        "embedded bus: consumer group %s: undecodable event at seq %lld "
        "dead-lettered",
        subscription_.group.c_str(), static_cast<long long>(row.seq));
  }
}

void EmbeddedConsumer::commit() {
  Pending& p = pending_;
  if (p.next_seq.empty() && p.effects.handled.empty() && p.dead_letters.empty()) return;
  store::detail::BusTables& tables = connection_.tables();
  const int64_t now = clock::now_us();
  tables.begin();
  try {
    for (const Publication& pub : p.effects.publications) {
      tables.append(pub.topic, pub.key, pub.event_id, pub.type, pub.payload, now);
    }
    for (const auto& [id, value] : p.effects.state)
      tables.put_state(id.first, id.second, value, now);
    for (const std::string& event_id : p.effects.handled) {
      tables.mark_handled(subscription_.group, event_id, now);
    }
    for (const store::BusDeadLetter& letter : p.dead_letters) tables.dead_letter(letter);
    for (const auto& [topic, next_seq] : p.next_seq) {
      tables.set_next_seq(subscription_.group, topic, next_seq);
    }
    tables.commit();
  } catch (...) {
    tables.rollback();
    throw;
  }
  for (const auto& [topic, next_seq] : p.next_seq) committed_next_seq_[topic] = next_seq;
  const size_t published = p.effects.publications.size();
  pending_ = Pending{};
  if (published > 0) {
    counters_.published.fetch_add(published, std::memory_order_relaxed);
    wakeup_.notify();
  }
}

}  // namespace titrate::bus::detail
