#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/bus/event.h"

// The bus: publish with a key; subscribe a consumer group to topics with a handler; the
// consumer's position is committed after the handler returns (at-least-once). Two
// implementations: the embedded bus (gateway/bus/embedded_bus.h: a durable log in the
// store) and Kafka (connectors/kafka).
namespace titrate::bus {

// Topic names; the defaults are the documented ones, config can rename them.
struct Topics {
  std::string orders = "titrate.orders.v1";  // patient contexts and infusion orders
  std::string plans = "titrate.plans.v1";
  std::string order_status = "titrate.order-status.v1";
  std::string pump_events = "titrate.pump-events.v1";
  std::string administrations = "titrate.administrations.v1";
  std::string observations = "titrate.observations.v1";
  std::string alerts = "titrate.alerts.v1";
  std::vector<std::string> all() const {
    return {orders, plans, order_status, pump_events, administrations, observations, alerts};
  }
};

// A publish that did not reach durable storage, or a broker that cannot be reached.
class BusError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by a handler for an event it can never handle, whatever the number of attempts (what
// produced the event has a bug): the event is dead-lettered at once instead of retried.
class PermanentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a handler may do besides reading its event. Publications and state writes made
// through the context take effect together with the commit of the event; a handler that
// throws has none of its effects kept and the event is delivered again.
class HandlerContext {
 public:
  virtual ~HandlerContext() = default;
  virtual void publish(std::string_view topic, Event event) = 0;
  // Module state (patient context, orders, sessions): a JSON document per (space, key).
  // A read sees the writes made earlier in the same handler call and in earlier events.
  virtual std::optional<std::string> get_state(std::string_view space, std::string_view key) = 0;
  virtual void put_state(std::string_view space, std::string_view key, std::string value) = 0;
};

using Handler = std::function<void(const Event&, HandlerContext&)>;

struct Subscription {
  std::string group;  // consumer group, e.g. "titrate-dosing"
  std::vector<std::string> topics;
  Handler handler;
};

struct BusStats {
  uint64_t published = 0, consumed = 0, duplicates_skipped = 0, handler_failures = 0,
           dead_lettered = 0;
};

class Bus {
 public:
  virtual ~Bus() = default;
  // Durable when it returns (embedded: committed and synced; Kafka: acknowledged by all
  // in-sync replicas). Throws BusError.
  virtual void publish(std::string_view topic, const Event& event) = 0;
  // Before start(). Each event is handled once per group: an event_id the group has already
  // handled is skipped (idempotent consumers), and the group's position is committed only
  // after the handler returns. A handler that keeps throwing is retried with backoff; after
  // `max_attempts` the event is dead-lettered (kept, logged with its event_id, counted).
  virtual void subscribe(Subscription subscription) = 0;
  virtual void start() = 0;
  // Stops consuming: handlers in flight finish and their effects are committed.
  virtual void stop() = 0;
  virtual BusStats stats() const = 0;
};

}  // namespace titrate::bus
