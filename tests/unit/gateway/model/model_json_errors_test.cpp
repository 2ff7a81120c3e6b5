#include <gtest/gtest.h>

#include <string>

#include "gateway/model/model_json.h"

namespace titrate::model {
namespace {

// The error of decoding `json` as a MappedMessage, as "pointer: message".
std::string message_error(std::string_view json) {
  ModelJsonError error;
  if (mapped_message_from_json(json, &error)) return "decoded";
  return error.to_string();
}

TEST(ModelJsonErrors, WrongTypesNameTheirPointer) {
  EXPECT_EQ(message_error(R"({"schema":1,"orders":[{"dose":{"value":"72.5"}}]})"),
            "/orders/0/dose/value: expected a number");
  EXPECT_EQ(message_error(R"({"schema":1,"orders":[{},{"timing":{"count":1.5}}]})"),
            "/orders/1/timing/count: expected an integer");
  EXPECT_EQ(message_error(R"({"schema":1,"orders":[{"timing":{"count":3000000000}}]})"),
            "/orders/0/timing/count: integer out of range");
  EXPECT_EQ(message_error(R"({"schema":1,"patient":{"name":{"given":["A",2]}}})"),
            "/patient/name/given/1: expected a string");
  EXPECT_EQ(message_error(R"({"schema":1,"patient":{"visit":"V1"}})"),
            "/patient/visit: expected an object");
  EXPECT_EQ(message_error(R"({"schema":1,"orders":{}})"), "/orders: expected an array");
  EXPECT_EQ(message_error(R"({"schema":1,"source":{"journal_id":"7"}})"),
            "/source/journal_id: expected an integer");
  EXPECT_EQ(message_error(R"({"schema":1,"orders":[{"action":"NW"}]})"),
            "/orders/0/action: unknown value");
  EXPECT_EQ(message_error(R"({"schema":1,"issues":[{"severity":2}]})"),
            "/issues/0/severity: expected a string");
  EXPECT_EQ(message_error(R"({"schema":1,"patient":{"birth_date":19620910}})"),
            "/patient/birth_date: expected a string");
  EXPECT_EQ(message_error(R"({"schema":1,"orders":[{"dose":{"value":1234567890123456789}}]})"),
            "/orders/0/dose/value: number out of range (at most 18 significant digits and 18 "
            "decimals)");
  EXPECT_EQ(message_error(R"({"schema":1,"orders":[{"dose":{"value":1e-19}}]})").substr(0, 40),
            "/orders/0/dose/value: number out of rang");
  EXPECT_EQ(message_error(R"([{"schema":1}])"), "expected an object");  // pointer ""
}

TEST(ModelJsonErrors, DuplicateKeysAreRejected) {
  EXPECT_EQ(message_error(R"({"schema":1,"source":{"channel":"a","channel":"b"}})"),
            "/source/channel: duplicate key");
  EXPECT_EQ(message_error(R"({"schema":1,"schema":1})"), "/schema: duplicate key");
}

TEST(ModelJsonErrors, PatientAndOrderDecodersReportPointers) {
  ModelJsonError error;
  EXPECT_FALSE(patient_context_from_json(
      R"({"schema":1,"measurements":[{"kind":"weight","value":{"value":true}}]})", &error));
  EXPECT_EQ(error.to_string(), "/measurements/0/value/value: expected a number");
  EXPECT_FALSE(
      infusion_order_from_json(R"({"schema":1,"concentration":{"numerator":[]}})", &error));
  EXPECT_EQ(error.to_string(), "/concentration/numerator: expected an object");
}

TEST(ModelJsonErrors, SchemaVersionIsChecked) {
  EXPECT_EQ(message_error(R"({"source":{}})"), "/schema: missing schema version");
  EXPECT_EQ(message_error(R"({"schema":null})"), "/schema: missing schema version");
  EXPECT_EQ(message_error(R"({"schema":2})"),
            "/schema: schema version 2 is newer than the supported 1");
  EXPECT_EQ(message_error(R"({"schema":0})"), "/schema: invalid schema version");
  EXPECT_EQ(message_error(R"({"schema":"1"})"), "/schema: expected an integer");
  EXPECT_EQ(message_error(R"({"schema":1})"), "decoded");

  ModelJsonError error;
  EXPECT_FALSE(patient_context_from_json(R"({"schema":99,"event":"admit"})", &error));
  EXPECT_EQ(error.pointer, "/schema");
  EXPECT_FALSE(infusion_order_from_json(R"({"action":"new"})", &error));
  EXPECT_EQ(error.pointer, "/schema");
}

TEST(ModelJsonErrors, InvalidJsonIsAnError) {
  using namespace std::string_literals;
  for (const std::string& json :
       {""s, "   "s, R"({"schema":1,)"s, R"({"schema":1} x)"s, R"({"schema":01})"s,
        "{\"schema\":1,\"source\":{\"channel\":\"a\xFF\"}}"s, "{\"schema\":1}\0{}"s,
        "{\"schema\":1}\0"s, "{\"schema\":1,\"source\":{\"channel\":\"a\0b\"}}"s}) {
    ModelJsonError error;
    EXPECT_EQ(mapped_message_from_json(json, &error), std::nullopt) << json;
    EXPECT_EQ(error.message.rfind("invalid JSON at offset ", 0), 0u) << error.to_string();
  }
  ModelJsonError error;
  mapped_message_from_json(R"({"schema":1,"source":{"channel":"a" "sender":"b"}})", &error);
  EXPECT_EQ(error.pointer, "/source/channel");
}

TEST(ModelJsonErrors, DeepNestingIsRejectedWithoutRecursion) {
  const std::string arrays(100000, '[');
  ModelJsonError error;
  EXPECT_EQ(mapped_message_from_json(arrays, &error), std::nullopt);
  EXPECT_EQ(error.message, "nesting deeper than 64 levels");
  EXPECT_EQ(error.pointer.size(), 2u * 64);  // "/0" 64 times

  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += R"({"a~/":)";
  EXPECT_EQ(mapped_message_from_json(objects, &error), std::nullopt);
  EXPECT_EQ(error.message, "nesting deeper than 64 levels");
  EXPECT_EQ(error.pointer.substr(0, 14), "/a~0~1/a~0~1/a");

  // Depth 64 (the document object and 63 arrays) is read; one more is not.
  auto nested = [](int arrays) {
    return R"({"schema":1,"ignored":)" + std::string(arrays, '[') + std::string(arrays, ']') + "}";
  };
  EXPECT_EQ(message_error(nested(63)), "decoded");
  EXPECT_EQ(message_error(nested(64)).substr(message_error(nested(64)).find(": ")),
            ": nesting deeper than 64 levels");
}

TEST(ModelJsonErrors, ErrorOutputIsOptional) {
  EXPECT_EQ(mapped_message_from_json("[", nullptr), std::nullopt);
  EXPECT_EQ(mapped_message_from_json(R"({"schema":1,"orders":1})", nullptr), std::nullopt);
}

}  // namespace
}  // namespace titrate::model
