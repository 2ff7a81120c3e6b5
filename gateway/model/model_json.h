#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/model/administration.h"
#include "gateway/model/dosing_plan.h"
#include "gateway/model/infusion_order.h"
#include "gateway/model/mapped_message.h"
#include "gateway/model/patient_context.h"

// The versioned JSON form of the internal model: the format of every bus message.
//
// Keys are the struct members' names, in member order. Empty strings, empty arrays, absent
// optionals and nested objects equal to their default are left out; enums and integers are
// always written. Decimals are JSON numbers with their exact text (72.50 stays 72.50),
// DateTime is its text, a Quantity is {"value": 72.5, "unit": "kg"}. The top-level object
// of each to_json starts with "schema": kModelSchemaVersion. Strings are written as UTF-8;
// an invalid byte sequence becomes U+FFFD.
//
// Reading ignores unknown keys and treats null as absent, accepts numbers with an exponent
// where an exact value results, rejects duplicate keys, a wrong type (with the JSON pointer
// of the value), nesting deeper than kModelJsonMaxDepth, and a missing or newer "schema".
namespace titrate::model {

inline constexpr int kModelSchemaVersion = 1;
inline constexpr int kModelJsonMaxDepth = 64;

std::string to_json(const MappedMessage& message, bool pretty = false);
std::string to_json(const PatientContext& patient, bool pretty = false);
std::string to_json(const InfusionOrder& order, bool pretty = false);
std::string to_json(const DosingPlan& plan, bool pretty = false);
std::string to_json(const OrderStatusUpdate& status, bool pretty = false);
std::string to_json(const PumpEvent& event, bool pretty = false);
std::string to_json(const AdministrationEvent& event, bool pretty = false);
std::string to_json(const ObservationEvent& event, bool pretty = false);
std::string to_json(const Alert& alert, bool pretty = false);

struct ModelJsonError {
  std::string pointer;  // RFC 6901 JSON pointer of the offending value ("" for the document)
  std::string message;
  std::string to_string() const { return pointer.empty() ? message : pointer + ": " + message; }
};

// `error` may be null.
std::optional<MappedMessage> mapped_message_from_json(std::string_view json, ModelJsonError* error);
std::optional<PatientContext> patient_context_from_json(std::string_view json,
                                                        ModelJsonError* error);
std::optional<InfusionOrder> infusion_order_from_json(std::string_view json, ModelJsonError* error);
std::optional<DosingPlan> dosing_plan_from_json(std::string_view json, ModelJsonError* error);
std::optional<OrderStatusUpdate> order_status_from_json(std::string_view json,
                                                        ModelJsonError* error);
std::optional<PumpEvent> pump_event_from_json(std::string_view json, ModelJsonError* error);
std::optional<AdministrationEvent> administration_from_json(std::string_view json,
                                                            ModelJsonError* error);
std::optional<ObservationEvent> observation_from_json(std::string_view json, ModelJsonError* error);
std::optional<Alert> alert_from_json(std::string_view json, ModelJsonError* error);

// The JSON names of the enums ("order-context", "status-update", "entered-in-error", ...).
std::string_view json_name(PatientContext::Event value);
std::string_view json_name(OrderAction value);
std::string_view json_name(OrderStatus value);
std::string_view json_name(BodyMeasurement::Kind value);
std::string_view json_name(MappingIssue::Severity value);
std::string_view json_name(OrderState value);
std::string_view json_name(PumpEventKind value);
std::string_view json_name(AdministrationAction value);
std::string_view json_name(SessionState value);
std::string_view json_name(AlertAction value);
bool from_json_name(std::string_view name, PatientContext::Event& value);
bool from_json_name(std::string_view name, OrderAction& value);
bool from_json_name(std::string_view name, OrderStatus& value);
bool from_json_name(std::string_view name, BodyMeasurement::Kind& value);
bool from_json_name(std::string_view name, MappingIssue::Severity& value);
bool from_json_name(std::string_view name, OrderState& value);
bool from_json_name(std::string_view name, PumpEventKind& value);
bool from_json_name(std::string_view name, AdministrationAction& value);
bool from_json_name(std::string_view name, SessionState& value);
bool from_json_name(std::string_view name, AlertAction& value);

}  // namespace titrate::model
