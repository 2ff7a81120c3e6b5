#include "gateway/outbound/outbound_module.h"

#include <string>
#include <utility>

#include "gateway/log/log.h"
#include "gateway/model/model_json.h"
#include "gateway/outbound/fhir_index.h"
#include "mappers/outbound/fhir/detected_issue.h"
#include "mappers/outbound/fhir/device.h"
#include "mappers/outbound/fhir/medication_administration.h"
#include "mappers/outbound/fhir/medication_request.h"
#include "mappers/outbound/fhir/medication_request_status.h"
#include "mappers/outbound/fhir/observation.h"
#include "mappers/outbound/fhir/patient.h"
#include "mappers/outbound/fhir/service_request.h"

namespace titrate::outbound {
namespace {

// The MDC code of an infusion pump's MDS: administrations only come from pumps. Other events
// do not say what kind of device they name.
constexpr std::string_view kInfusionPumpKind = "69985";

// Why an event is skipped; thrown inside writes_for only.
struct Skip {
  std::string reason;
};

template <typename T, typename Decode>
T decode(const bus::Event& event, Decode decode_body) {
  model::ModelJsonError error;
  std::optional<T> value = decode_body(event.body, &error);
  if (!value) throw Skip{"unreadable " + event.type + ": " + error.to_string()};
  return std::move(*value);
}

store::ResourceWrite to_write(fhir::FhirResource resource) {
  std::vector<store::IndexEntry> index = index_entries(resource);
  return {std::move(resource.type), std::move(resource.id), std::move(resource.json),
          std::move(index)};
}

// `target`'s JSON with the status (and statusReason) of `source`.
fhir::FhirResource with_status_of(fhir::FhirResource target, const std::string& source) {
  std::optional<std::string> json = fhir::with_status_of(target.json, source);
  if (!json) throw Skip{target.type + "/" + target.id + " does not parse as JSON"};
  target.json = std::move(*json);
  return target;
}

// An order's status alone, as with_status_of takes it.
std::string status_json(std::string_view status) {
  return "{\"status\":\"" + std::string(status) + "\"}";
}

}  // namespace

OutboundModule::OutboundModule(store::ResourceStore& store, ResourceCheck check)
    : store_(store), check_(std::move(check)) {}

void OutboundModule::add_listener(WriteListener listener) {
  listeners_.push_back(std::move(listener));
}

bus::Subscription OutboundModule::subscription(const bus::Topics& topics) {
  return bus::Subscription{
      kOutboundGroup,
      {topics.orders, topics.administrations, topics.observations, topics.alerts,
       topics.order_status},
      [this](const bus::Event& event, bus::HandlerContext&) { handle(event); }};
}

void OutboundModule::handle(const bus::Event& event) {
  // Order events read the stored version they update: one event at a time.
  const std::lock_guard<std::mutex> lock(mutex_);
  const std::vector<store::ResourceWrite> writes = writes_for(event);
  if (writes.empty()) {
    ++skipped_;
    return;
  }
  check_all(event, writes);
  const std::vector<store::PutResult> results = store_.put_all(writes);
  bool changed = false;
  for (const store::PutResult& result : results) changed |= result.changed;
  for (const WriteListener& listener : listeners_) listener(event, writes, results);
  ++(changed ? written_ : unchanged_);
  TITRATE_LOG_DEBUG("outbound: event %s -> %s/%s%s", event.event_id.c_str(),
                    writes.front().type.c_str(), writes.front().id.c_str(),
                    changed ? "" : " (unchanged)");
}

void OutboundModule::check_all(const bus::Event& event,
                               const std::vector<store::ResourceWrite>& writes) {
  if (!check_) return;
  std::string problems;
  for (const store::ResourceWrite& write : writes) {
    for (const std::string& problem : check_(write)) {
      TITRATE_LOG_ERROR("outbound: event %s: invalid %s: %s", event.event_id.c_str(),
                        write.type.c_str(), problem.c_str());
      if (!problems.empty()) problems += "; ";
      problems += write.type + " " + problem;
    }
  }
  if (problems.empty()) return;
  ++invalid_;
  throw bus::PermanentError("outbound resource failed validation: " + problems);
}

std::vector<store::ResourceWrite> OutboundModule::writes_for(const bus::Event& event) const {
  namespace ev = bus::event_type;
  std::vector<store::ResourceWrite> writes;
  try {
    std::string device;
    std::string_view kind;
    if (event.type == ev::kPatientContext) {
      const auto context = decode<model::PatientContext>(event, model::patient_context_from_json);
      writes.push_back(to_write(patient(context)));
    } else if (event.type == ev::kInfusionOrder) {
      const auto order = decode<model::InfusionOrder>(event, model::infusion_order_from_json);
      for (fhir::FhirResource& resource : order_resources(order)) {
        writes.push_back(to_write(std::move(resource)));
      }
      if (writes.empty()) throw Skip{"an order without a medication updates no stored order"};
    } else if (event.type == ev::kAdministration) {
      const auto a = decode<model::AdministrationEvent>(event, model::administration_from_json);
      std::optional<fhir::FhirResource> resource = fhir::map_medication_administration(a);
      if (!resource) throw Skip{"no MedicationAdministration for a session in this state"};
      writes.push_back(to_write(std::move(*resource)));
      device = a.device;
      kind = kInfusionPumpKind;
    } else if (event.type == ev::kObservation) {
      const auto o = decode<model::ObservationEvent>(event, model::observation_from_json);
      writes.push_back(to_write(fhir::map_observation(o)));
      device = o.device;
    } else if (event.type == ev::kAlert) {
      const auto alert = decode<model::Alert>(event, model::alert_from_json);
      writes.push_back(to_write(fhir::map_detected_issue(alert)));
      device = alert.device;
    } else if (event.type == ev::kOrderStatus) {
      const auto status = decode<model::OrderStatusUpdate>(event, model::order_status_from_json);
      writes.push_back(to_write(order_status(status)));
    } else {
      throw Skip{"event type " + event.type + " has no FHIR resource"};
    }
    if (!device.empty()) {
      if (std::optional<store::ResourceWrite> d = device_write(device, kind)) {
        writes.push_back(std::move(*d));
      }
    }
  } catch (const Skip& skip) {
    TITRATE_LOG_WARN("outbound: event %s skipped: %s", event.event_id.c_str(), skip.reason.c_str());
    writes.clear();
  } catch (const fhir::OutboundFhirError& e) {
    TITRATE_LOG_WARN("outbound: event %s skipped: %s", event.event_id.c_str(), e.what());
    writes.clear();
  }
  return writes;
}

std::optional<fhir::FhirResource> OutboundModule::current(const std::string& type,
                                                          const std::string& id) const {
  std::optional<store::StoredResource> stored = store_.read(type, id);
  if (!stored || stored->deleted) return std::nullopt;
  return fhir::FhirResource{type, id, std::move(stored->json)};
}

fhir::FhirResource OutboundModule::patient(const model::PatientContext& context) const {
  fhir::FhirResource resource = fhir::map_patient(context);
  if (const auto stored = current(resource.type, resource.id)) {
    resource.json = fhir::merge_patient(stored->json, resource.json);
  }
  return resource;
}

// The order's MedicationRequest (and ServiceRequest). Titrate's own status for the order
// (order-status events) is kept while the EHR's says no more than active; an order without
// its medication (a cancel that only names the order) updates the status of what is stored.
std::vector<fhir::FhirResource> OutboundModule::order_resources(
    const model::InfusionOrder& order) const {
  std::vector<fhir::FhirResource> out;
  const std::string id = fhir::order_resource_id(order.placer);
  const std::optional<fhir::FhirResource> stored = current("MedicationRequest", id);
  if (fhir::has_content(order.medication)) {
    fhir::FhirResource request = fhir::map_medication_request(order);
    if (stored && order.status == model::OrderStatus::kActive) {
      request = with_status_of(std::move(request), stored->json);
    }
    out.push_back(std::move(request));
  } else if (stored) {
    out.push_back(
        with_status_of(*stored, status_json(fhir::medication_request_status(order.status))));
  }
  if (order.origin == model::kServiceRequestOrigin) {
    out.push_back(fhir::map_service_request(order));
  } else if (const auto stored_referral = current("ServiceRequest", id)) {
    out.push_back(with_status_of(*stored_referral, fhir::map_service_request(order).json));
  }
  return out;
}

// The stored order's MedicationRequest with the new status; a status-only one for an order
// never seen.
fhir::FhirResource OutboundModule::order_status(const model::OrderStatusUpdate& update) const {
  fhir::FhirResource status_only = fhir::map_medication_request_status(update);
  if (const auto stored = current(status_only.type, status_only.id)) {
    return with_status_of(*stored, status_only.json);
  }
  return status_only;
}

// A Device whose kind the event does not know is written only when the store has none yet, so
// it never overwrites the type an administration gave it.
std::optional<store::ResourceWrite> OutboundModule::device_write(const std::string& device,
                                                                 std::string_view kind) const {
  fhir::FhirResource resource = fhir::map_device(device, kind);
  if (kind.empty()) {
    const std::optional<store::StoredResource> stored = store_.read(resource.type, resource.id);
    if (stored && !stored->deleted) return std::nullopt;
  }
  return to_write(std::move(resource));
}

OutboundStats OutboundModule::stats() const {
  return {written_.load(), unchanged_.load(), skipped_.load(), invalid_.load()};
}

}  // namespace titrate::outbound
