#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "mappers/validation/primitive_rules.h"

namespace titrate::validation::detail {
namespace {

// Whether the JSON text `json` is a valid `type`.
bool valid(const char* type, const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  EXPECT_FALSE(doc.HasParseError()) << json;
  const Primitive primitive = primitive_named(type);
  EXPECT_NE(primitive, Primitive::kNone) << type;
  return check_primitive(primitive, doc) == nullptr;
}

TEST(FhirPrimitiveValidationTest, BooleanAndNumbers) {
  EXPECT_TRUE(valid("boolean", "true"));
  EXPECT_FALSE(valid("boolean", "\"true\""));
  EXPECT_TRUE(valid("integer", "-2147483648"));
  EXPECT_FALSE(valid("integer", "2147483648"));
  EXPECT_FALSE(valid("integer", "1.0"));
  EXPECT_FALSE(valid("integer", "\"1\""));
  EXPECT_TRUE(valid("positiveInt", "1"));
  EXPECT_FALSE(valid("positiveInt", "0"));
  EXPECT_TRUE(valid("unsignedInt", "0"));
  EXPECT_FALSE(valid("unsignedInt", "-1"));
  EXPECT_TRUE(valid("decimal", "72.50"));
  EXPECT_TRUE(valid("decimal", "1e-3"));
  EXPECT_FALSE(valid("decimal", "\"72.5\""));
}

TEST(FhirPrimitiveValidationTest, Strings) {
  EXPECT_TRUE(valid("string", "\" padded \""));
  EXPECT_FALSE(valid("string", "\"\""));
  EXPECT_FALSE(valid("string", "3"));
  EXPECT_TRUE(valid("markdown", "\"# title\""));
  EXPECT_TRUE(valid("code", "\"in progress\""));
  EXPECT_FALSE(valid("code", "\"in  progress\""));
  EXPECT_FALSE(valid("code", "\" x\""));
  EXPECT_FALSE(valid("code", "\"x\\n\""));
  EXPECT_TRUE(valid("id", "\"Ab-9.z\""));
  EXPECT_FALSE(valid("id", "\"a_b\""));
  EXPECT_FALSE(valid("id", "\"" + std::string(65, 'a') + "\""));
  EXPECT_TRUE(valid("id", "\"" + std::string(64, 'a') + "\""));
}

TEST(FhirPrimitiveValidationTest, Identifiers) {
  EXPECT_TRUE(valid("uri", "\"urn:ietf:bcp:47\""));
  EXPECT_FALSE(valid("uri", "\"http://x y\""));
  EXPECT_TRUE(valid("url", "\"https://ehr.example/fhir\""));
  EXPECT_TRUE(valid("canonical", "\"http://hl7.org/fhir/ValueSet/x|4.0.1\""));
  EXPECT_TRUE(valid("oid", "\"urn:oid:2.16.840.1.113883\""));
  EXPECT_FALSE(valid("oid", "\"urn:oid:3.1\""));
  EXPECT_FALSE(valid("oid", "\"urn:oid:1.02\""));
  EXPECT_FALSE(valid("oid", "\"2.16.840\""));
  EXPECT_TRUE(valid("uuid", "\"urn:uuid:c757873d-ec9a-4326-a141-556f43239520\""));
  EXPECT_FALSE(valid("uuid", "\"urn:uuid:C757873D-EC9A-4326-A141-556F43239520\""));
  EXPECT_FALSE(valid("uuid", "\"c757873d-ec9a-4326-a141-556f43239520\""));
  EXPECT_TRUE(valid("base64Binary", "\"aGVsbG8=\""));
  EXPECT_TRUE(valid("base64Binary", "\"aGVs bG8h\""));
  EXPECT_FALSE(valid("base64Binary", "\"aGVsbG8\""));
  EXPECT_FALSE(valid("base64Binary", "\"a=Vs\""));
}

TEST(FhirPrimitiveValidationTest, DatesAndTimes) {
  EXPECT_TRUE(valid("date", "\"2024\""));
  EXPECT_TRUE(valid("date", "\"2024-02-29\""));
  EXPECT_FALSE(valid("date", "\"2023-02-29\""));
  EXPECT_FALSE(valid("date", "\"2024-2-1\""));
  EXPECT_FALSE(valid("date", "\"2024-01-01T00:00:00Z\""));
  EXPECT_TRUE(valid("dateTime", "\"2024-03\""));
  EXPECT_TRUE(valid("dateTime", "\"2024-03-01T10:15:00.123-05:00\""));
  EXPECT_TRUE(valid("dateTime", "\"2024-03-01T10:15:00Z\""));
  EXPECT_FALSE(valid("dateTime", "\"2024-03-01T10:15:00\""));  // no zone
  EXPECT_FALSE(valid("dateTime", "\"2024-03-01T10:15Z\""));    // no seconds
  EXPECT_FALSE(valid("dateTime", "\"2024-03-01T24:00:00Z\""));
  EXPECT_FALSE(valid("dateTime", "\"2024-03-01T10:00:00+15:00\""));
  EXPECT_TRUE(valid("instant", "\"2024-03-01T10:15:00.5+14:00\""));
  EXPECT_FALSE(valid("instant", "\"2024-03-01\""));
  EXPECT_FALSE(valid("instant", "\"2024-03-01T10:15:00\""));
  EXPECT_TRUE(valid("time", "\"23:59:60\""));
  EXPECT_FALSE(valid("time", "\"23:59\""));
  EXPECT_FALSE(valid("time", "\"10:00:00Z\""));
}

TEST(FhirPrimitiveValidationTest, SystemStringAndUnknownCodes) {
  EXPECT_EQ(primitive_named("http://hl7.org/fhirpath/System.String"), Primitive::kSystemString);
  EXPECT_EQ(primitive_named("Quantity"), Primitive::kNone);
  rapidjson::Document doc;
  doc.Parse("\"x\"");
  EXPECT_EQ(check_primitive(Primitive::kSystemString, doc), nullptr);
}

}  // namespace
}  // namespace titrate::validation::detail
