#include <gtest/gtest.h>

#include <string>

#include "gateway/bus/event.h"

namespace titrate::bus {
namespace {

Event sample() {
  Event e;
  e.type = std::string(event_type::kInfusionOrder);
  e.event_id = "j42/order/0";
  e.key = "urn:oid:1.2|12345";
  e.source.channel = "ehr-mllp";
  e.source.sender = "EPIC|GENHOSP";
  e.source.control_id = "MSG00001";
  e.source.journal_id = 42;
  e.source.format = "hl7v2";
  e.time.value = "2026-11-21T08:30:00.000Z";
  e.body = R"({"schema":1,"rate":{"value":72.50,"unit":"mg/h"},"notes":["a\"b",null,true,1e3]})";
  return e;
}

TEST(EventCodecTest, RoundTripsTheEnvelopeAndKeepsBodyNumbersExact) {
  const Event e = sample();
  const std::string json = encode_event(e);
  EXPECT_EQ(json.find(R"({"type":"infusion-order","schema":1,"event_id":"j42/order/0")"), 0u)
      << json;
  model::ModelJsonError error;
  const std::optional<Event> back = decode_event(json, &error);
  ASSERT_TRUE(back) << error.to_string();
  EXPECT_EQ(*back, e);
  EXPECT_NE(back->body.find("72.50"), std::string::npos);
}

TEST(EventCodecTest, EncodesAnEmptyBodyAsAnObjectAndRepairsInvalidUtf8) {
  Event e = sample();
  e.body.clear();
  e.source.control_id = "bad\xff";
  const std::optional<Event> back = decode_event(encode_event(e), nullptr);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->body, "{}");
  EXPECT_EQ(back->source.control_id, "bad\xEF\xBF\xBD");
}

TEST(EventCodecTest, IgnoresUnknownMembersAndReadsNullAsAbsent) {
  const std::optional<Event> e = decode_event(
      R"({"extra":{"a":[1,{"b":2}]},"type":"alert","schema":1,"event_id":"x","key":null,)"
      R"("source":{"journal_id":7,"more":[1]},"body":{"schema":1}})",
      nullptr);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, "alert");
  EXPECT_EQ(e->key, "");
  EXPECT_EQ(e->source.journal_id, 7);
  EXPECT_EQ(e->body, R"({"schema":1})");
}

struct BadEnvelope {
  const char* json;
  const char* pointer;
  const char* message;
};

class EventDecodeErrorTest : public ::testing::TestWithParam<BadEnvelope> {};

TEST_P(EventDecodeErrorTest, NamesTheOffendingValue) {
  model::ModelJsonError error;
  EXPECT_FALSE(decode_event(GetParam().json, &error));
  EXPECT_EQ(error.pointer, GetParam().pointer);
  EXPECT_NE(error.message.find(GetParam().message), std::string::npos) << error.message;
}

INSTANTIATE_TEST_SUITE_P(
    Envelopes, EventDecodeErrorTest,
    ::testing::Values(
        BadEnvelope{R"([1])", "", "expected an object"},
        BadEnvelope{R"({"type":"a","schema":1,"event_id":"x",)", "", "offset"},
        BadEnvelope{R"({"type":"a","event_id":"x","body":{}})", "/schema", "missing schema"},
        BadEnvelope{R"({"type":"a","schema":2,"event_id":"x","body":{}})", "/schema", "newer"},
        BadEnvelope{R"({"type":"a","schema":1.5,"event_id":"x","body":{}})", "/schema",
                    "expected an integer"},
        BadEnvelope{R"({"type":7,"schema":1,"event_id":"x","body":{}})", "/type",
                    "expected a string"},
        BadEnvelope{R"({"type":"a","schema":1,"body":{}})", "/event_id", "missing"},
        BadEnvelope{R"({"type":"a","schema":1,"event_id":"x"})", "/body", "missing"},
        BadEnvelope{R"({"type":"a","schema":1,"event_id":"x","body":[1]})", "/body",
                    "expected an object"},
        BadEnvelope{R"({"type":"a","schema":1,"event_id":"x","source":{"journal_id":"7"},)"
                    R"("body":{}})",
                    "/source/journal_id", "expected an integer"},
        BadEnvelope{R"({"type":"a","schema":1,"type":"b","event_id":"x","body":{}})", "/type",
                    "duplicate key"}));

TEST(PatientKeyTest, JoinsSystemAndValue) {
  EXPECT_EQ(patient_key({"urn:oid:1.2", "12345", "MR", ""}), "urn:oid:1.2|12345");
  EXPECT_EQ(patient_key({"", "12345", "", ""}), "|12345");
}

TEST(EventCodecTest, TheBodyIsExactlyTheBytesItSpansWhateverTheWhitespace) {
  const std::optional<Event> e = decode_event(
      "{ \"type\" : \"x\", \"schema\" : 1, \"event_id\" : \"e\", \"body\" :\n"
      "  { \"a\" : [1, {\"b\": 2.50}], \"c\": {} } ,\"key\":\"k\" }",
      nullptr);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->body, "{ \"a\" : [1, {\"b\": 2.50}], \"c\": {} }");
  EXPECT_EQ(e->key, "k");
}

}  // namespace
}  // namespace titrate::bus
