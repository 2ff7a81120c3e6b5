#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gateway/bus/bus.h"
#include "gateway/model/dosing_plan.h"
#include "gateway/model/patient_context.h"
#include "gateway/store/resource_store.h"
#include "mappers/outbound/fhir/fhir_resource.h"

// The outbound module: group "titrate-outbound" on the orders, administrations, observations,
// alerts and order_status topics. Each event becomes its FHIR R4 resource (mappers/outbound/fhir)
// in the resource store with its search index (gateway/outbound/fhir_index.h), together with a
// Device for the device it names, in one store transaction:
//   patient-context -> Patient (merged into the stored one: what a context lacks is kept)
//   infusion-order  -> MedicationRequest (the whole order), plus a ServiceRequest for an order
//                      that arrived as a referral (FHIR ServiceRequest, ORM^O01 ORC + OBR)
//   administration  -> MedicationAdministration (one per session, rewritten as it progresses)
//   observation     -> Observation;  alert -> DetectedIssue
//   order-status    -> the stored order's MedicationRequest with the new status and
//                      statusReason (a status-only MedicationRequest for an order never seen)
// The store skips a write whose JSON equals the current version, so redelivery is harmless.
// An event the mapper rejects or declines (or whose body does not decode) is a bug upstream:
// it is logged with its event id, counted and skipped, never retried. Every resource is
// checked before it is stored; one that fails is a mapper bug: nothing of the event is
// stored, the failure is logged (event id, resource type, JSON pointers) and counted, and the
// event is dead-lettered (bus::PermanentError). Store failures throw, so the bus delivers the
// event again. Listeners see each event's stored writes (the push outbox is one).
namespace titrate::outbound {

inline constexpr const char* kOutboundGroup = "titrate-outbound";

struct OutboundStats {
  uint64_t written = 0;    // events whose resources changed the store
  uint64_t unchanged = 0;  // events whose resources were already stored as they are (redelivery)
  uint64_t skipped = 0;    // events not written: undecodable, rejected or declined by the mapper
  uint64_t invalid = 0;    // events dead-lettered because a resource failed validation
};

// A resource's problems before it is stored ("<JSON pointer>: <rule>"); empty when valid.
using ResourceCheck = std::function<std::vector<std::string>(const store::ResourceWrite&)>;
// Called in the handler after an event's writes are stored, with the store's results in the
// order of the writes (unchanged ones too: a redelivered event calls again). A listener that
// throws makes the bus deliver the event again, so it must be idempotent.
using WriteListener =
    std::function<void(const bus::Event&, const std::vector<store::ResourceWrite>&,
                       const std::vector<store::PutResult>&)>;

class OutboundModule {
 public:
  // Without `check`, resources are stored unchecked (tests of the mapping alone).
  explicit OutboundModule(store::ResourceStore& store, ResourceCheck check = {});
  // Before the module is subscribed.
  void add_listener(WriteListener listener);

  // The handler refers to this module, which must outlive the bus it is subscribed to.
  bus::Subscription subscription(const bus::Topics& topics);
  void handle(const bus::Event& event);
  OutboundStats stats() const;

 private:
  // The event's resources: its own first, then its Device (when one must be written).
  // Empty when the event is skipped (logged).
  std::vector<store::ResourceWrite> writes_for(const bus::Event& event) const;
  std::optional<store::ResourceWrite> device_write(const std::string& device,
                                                   std::string_view kind) const;
  // The stored current version, unless unknown or deleted.
  std::optional<fhir::FhirResource> current(const std::string& type, const std::string& id) const;
  fhir::FhirResource patient(const model::PatientContext& context) const;
  std::vector<fhir::FhirResource> order_resources(const model::InfusionOrder& order) const;
  fhir::FhirResource order_status(const model::OrderStatusUpdate& update) const;

  // Throws bus::PermanentError when a write fails the check.
  void check_all(const bus::Event& event, const std::vector<store::ResourceWrite>& writes);

  store::ResourceStore& store_;
  ResourceCheck check_;
  std::vector<WriteListener> listeners_;
  std::mutex mutex_;
  std::atomic<uint64_t> written_{0}, unchanged_{0}, skipped_{0}, invalid_{0};
};

}  // namespace titrate::outbound
