#include "connectors/fhir/fhir_read_routes.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/fhir/fhir_search_query.h"
#include "connectors/http/http_server.h"

namespace titrate::fhir {
namespace {

constexpr const char* kBase = "http://gw.test/fhir";
constexpr const char* kMrn = "urn:oid:1.2.3.mrn";
constexpr const char* kLoinc = "http://loinc.org";
constexpr int64_t kNov21 = 1'795'219'200'000'000;  // 2026-11-21T00:00:00Z
constexpr int64_t kHour = 3'600'000'000;

store::IndexEntry token(std::string param, std::string system, std::string code) {
  return {std::move(param), store::IndexKind::kToken, std::move(system), std::move(code), 0, 0};
}
store::IndexEntry instant(std::string param, int64_t us) {
  return {std::move(param), store::IndexKind::kDate, "", "", us, us + 1};
}

std::string resource_json(const std::string& type, const std::string& id) {
  return R"({"resourceType":")" + type + R"(","id":")" + id + R"(","meta":{"source":"titrate"}})";
}

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  rapidjson::Document json() const {
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    EXPECT_FALSE(doc.HasParseError()) << body;
    return doc;
  }
};

class FhirReadRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fhir_read_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store::ResourceStoreOptions options;
    options.path = (dir_ / "journal.db").string();
    options.durable = false;
    store_ = std::make_unique<store::ResourceStore>(options);
    fill();
    config::HttpConfig config;
    config.bind = "127.0.0.1";
    config.port = 0;
    config.max_threads = 2;
    server_ = std::make_unique<http::HttpServer>(config, fhir_read_routes(*store_, kBase));
    server_->start();
    port_ = static_cast<uint16_t>(
        std::stoi(server_->address().substr(server_->address().rfind(':') + 1)));
  }

  void TearDown() override {
    server_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void fill() {
    put("Observation", "obs-1",
        {token("patient", kMrn, "111"), token("subject", kMrn, "111"),
         token("code", kLoinc, "8867-4"), token("category", "obs-cat", "vital-signs"),
         instant("date", kNov21 + 8 * kHour), token("device", "urn:pump", "pump-1")});
    put("Observation", "obs-2",
        {token("patient", kMrn, "111"), token("subject", kMrn, "111"),
         token("code", kLoinc, "2708-6"), token("category", "obs-cat", "vital-signs"),
         instant("date", kNov21 + 9 * kHour)});
    put("Observation", "obs-3",
        {token("patient", kMrn, "222"), token("code", kLoinc, "8867-4"),
         token("category", "obs-cat", "laboratory"), instant("date", kNov21 + 34 * kHour)});
    put("Observation", "obs-4",
        {token("patient", kMrn, "333"), token("code", "", "local-code"),
         instant("date", kNov21 - 400 * 24 * kHour)});
    // Written newest id first, so _lastUpdated order is the reverse of id order.
    for (int i = 7; i >= 1; --i) {
      const int64_t updated =
          put("MedicationAdministration", "ma-" + std::to_string(i),
              {token("patient", kMrn, "111"), token("status", "", i % 2 ? "completed" : "stopped"),
               instant("effective-time", kNov21 + i * kHour)});
      EXPECT_GT(updated, last_ma_update_);
      last_ma_update_ = updated;
    }
    put("DetectedIssue", "di-1",
        {token("patient", kMrn, "111"), token("code", "urn:issue", "dose-limit"),
         instant("identified", kNov21 + kHour)});
    put("Device", "dev-1", {token("identifier", "urn:pump", "pump-1")});
    put("MedicationRequest", "mr-1", {token("identifier", "urn:placer", "P1")});
    put("MedicationRequest", "mr-gone", {token("identifier", "urn:placer", "P2")});
    store_->erase("MedicationRequest", "mr-gone");
  }

  int64_t put(const std::string& type, const std::string& id,
              std::vector<store::IndexEntry> index) {
    return store_->put(type, id, resource_json(type, id), std::move(index)).last_updated_us;
  }

  HttpReply get(const std::string& uri, const std::map<std::string, std::string>& headers = {}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port_);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) request.set(name, value);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.body);
    for (const auto& [name, value] : response) reply.headers[name] = value;
    return reply;
  }

  // The ids of a searchset Bundle's entries, in order.
  static std::vector<std::string> ids(const HttpReply& reply) {
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<std::string> out;
    const rapidjson::Document doc = reply.json();
    if (!doc.IsObject() || !doc.HasMember("entry")) return out;
    for (const auto& entry : doc["entry"].GetArray()) {
      out.emplace_back(entry["resource"]["id"].GetString());
    }
    return out;
  }

  static std::string link(const rapidjson::Document& doc, const std::string& relation) {
    for (const auto& l : doc["link"].GetArray()) {
      if (relation == l["relation"].GetString()) return l["url"].GetString();
    }
    return {};
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::ResourceStore> store_;
  std::unique_ptr<http::HttpServer> server_;
  uint16_t port_ = 0;
  int64_t last_ma_update_ = 0;
};

using Ids = std::vector<std::string>;

TEST_F(FhirReadRoutes, ReadSetsMetaEtagAndLastModified) {
  const HttpReply reply = get("/fhir/Observation/obs-1");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.headers.at("Content-Type").rfind("application/fhir+json", 0), 0u);
  EXPECT_EQ(reply.headers.at("ETag"), "W/\"1\"");
  EXPECT_EQ(reply.headers.at("Last-Modified").size(), 29u);  // Sat, 21 Nov 2026 08:00:00 GMT
  EXPECT_NE(reply.headers.at("Last-Modified").find(" GMT"), std::string::npos);
  const rapidjson::Document doc = reply.json();
  EXPECT_STREQ(doc["id"].GetString(), "obs-1");
  EXPECT_STREQ(doc["meta"]["versionId"].GetString(), "1");
  EXPECT_STREQ(doc["meta"]["source"].GetString(), "titrate");
  EXPECT_EQ(std::string(doc["meta"]["lastUpdated"].GetString()).back(), 'Z');
}

TEST_F(FhirReadRoutes, ReadReturnsTheCurrentVersionAndVreadAnOlderOne) {
  store_->put("Device", "dev-1", R"({"resourceType":"Device","id":"dev-1","status":"inactive"})",
              {token("identifier", "urn:pump", "pump-1")});
  const HttpReply current = get("/fhir/Device/dev-1");
  ASSERT_EQ(current.status, 200);
  EXPECT_EQ(current.headers.at("ETag"), "W/\"2\"");
  EXPECT_STREQ(current.json()["status"].GetString(), "inactive");

  const HttpReply first = get("/fhir/Device/dev-1/_history/1");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.headers.at("ETag"), "W/\"1\"");
  EXPECT_FALSE(first.json().HasMember("status"));
  EXPECT_STREQ(first.json()["meta"]["versionId"].GetString(), "1");

  EXPECT_EQ(get("/fhir/Device/dev-1/_history/9").status, 404);
  EXPECT_EQ(get("/fhir/Device/dev-1/_history/x").status, 404);
}

TEST_F(FhirReadRoutes, IfNoneMatchWithTheCurrentEtagIsNotModified) {
  EXPECT_EQ(get("/fhir/Observation/obs-1", {{"If-None-Match", "W/\"1\""}}).status, 304);
  const HttpReply stale = get("/fhir/Observation/obs-1", {{"If-None-Match", "W/\"0\""}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_FALSE(stale.body.empty());
}

TEST_F(FhirReadRoutes, MissingDeletedAndUnknownTypeAreOperationOutcomes) {
  const HttpReply missing = get("/fhir/Observation/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_STREQ(missing.json()["resourceType"].GetString(), "OperationOutcome");
  EXPECT_STREQ(missing.json()["issue"][0]["code"].GetString(), "not-found");

  const HttpReply gone = get("/fhir/MedicationRequest/mr-gone");
  EXPECT_EQ(gone.status, 410);
  EXPECT_STREQ(gone.json()["resourceType"].GetString(), "OperationOutcome");
  EXPECT_EQ(get("/fhir/MedicationRequest/mr-gone/_history/1").status, 200);

  EXPECT_EQ(get("/fhir/Spaceship/1").status, 404);
  EXPECT_EQ(get("/fhir/Spaceship").status, 404);
  EXPECT_EQ(get("/fhir/Observation/obs-1/extra").status, 404);
}

TEST_F(FhirReadRoutes, SearchBundleHasTotalFullUrlsAndMatchMode) {
  const HttpReply reply = get("/fhir/Observation?patient=" + std::string(kMrn) + "|111");
  EXPECT_EQ(ids(reply), (Ids{"obs-1", "obs-2"}));
  const rapidjson::Document doc = reply.json();
  EXPECT_STREQ(doc["resourceType"].GetString(), "Bundle");
  EXPECT_STREQ(doc["type"].GetString(), "searchset");
  EXPECT_EQ(doc["total"].GetInt(), 2);
  EXPECT_STREQ(doc["entry"][0]["fullUrl"].GetString(), "http://gw.test/fhir/Observation/obs-1");
  EXPECT_STREQ(doc["entry"][0]["search"]["mode"].GetString(), "match");
  EXPECT_STREQ(doc["entry"][0]["resource"]["meta"]["versionId"].GetString(), "1");
  EXPECT_FALSE(link(doc, "self").empty());
  EXPECT_TRUE(link(doc, "next").empty());
}

TEST_F(FhirReadRoutes, TokenSearchWithSystemCodeOrNoSystem) {
  EXPECT_EQ(ids(get("/fhir/Observation?code=8867-4")), (Ids{"obs-1", "obs-3"}));
  EXPECT_EQ(ids(get("/fhir/Observation?code=http%3A%2F%2Floinc.org%7C2708-6")), (Ids{"obs-2"}));
  EXPECT_EQ(ids(get("/fhir/Observation?code=urn:other|8867-4")), Ids{});
  EXPECT_EQ(ids(get("/fhir/Observation?code=|local-code")), (Ids{"obs-4"}));
  EXPECT_EQ(ids(get("/fhir/Observation?code=|8867-4")), Ids{});
  EXPECT_EQ(ids(get("/fhir/Observation?category=obs-cat|laboratory")), (Ids{"obs-3"}));
  EXPECT_EQ(ids(get("/fhir/Observation?device=urn:pump|pump-1")), (Ids{"obs-1"}));
  EXPECT_EQ(ids(get("/fhir/Device?identifier=urn:pump|pump-1")), (Ids{"dev-1"}));
  EXPECT_EQ(ids(get("/fhir/MedicationRequest?identifier=P1")), (Ids{"mr-1"}));
  EXPECT_EQ(ids(get("/fhir/DetectedIssue?code=dose-limit&patient=111")), (Ids{"di-1"}));
}

TEST_F(FhirReadRoutes, CommaIsOrAndRepeatedParamsAreAnd) {
  EXPECT_EQ(ids(get("/fhir/Observation?patient=222,333")), (Ids{"obs-3", "obs-4"}));
  EXPECT_EQ(ids(get("/fhir/Observation?code=8867-4&patient=111")), (Ids{"obs-1"}));
  EXPECT_EQ(ids(get("/fhir/Observation?code=8867-4,2708-6&code=2708-6")), (Ids{"obs-2"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=ge2026-11-21&date=lt2026-11-22")),
            (Ids{"obs-1", "obs-2"}));
}

TEST_F(FhirReadRoutes, DateSearchByPrecisionAndPrefix) {
  EXPECT_EQ(ids(get("/fhir/Observation?date=2026")), (Ids{"obs-1", "obs-2", "obs-3"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=2025-10")), (Ids{"obs-4"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=2026-11-22")), (Ids{"obs-3"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=2026-11-21T08:00:00Z")), (Ids{"obs-1"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=2026-11-21T03:00:00-05:00")), (Ids{"obs-1"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=2026-11-21T08:00%2B00:00")), (Ids{"obs-1"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=lt2026-11-21T09:00:00Z")), (Ids{"obs-1", "obs-4"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=le2026-11-21T09:00:00Z")),
            (Ids{"obs-1", "obs-2", "obs-4"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=gt2026-11-21")), (Ids{"obs-3"}));
  EXPECT_EQ(ids(get("/fhir/Observation?date=eq2026-11-21,2025")), (Ids{"obs-1", "obs-2", "obs-4"}));
  EXPECT_EQ(ids(get("/fhir/MedicationAdministration?effective-time=2026-11-21T03:00Z")),
            (Ids{"ma-3"}));
  EXPECT_EQ(ids(get("/fhir/DetectedIssue?identified=2026-11")), (Ids{"di-1"}));
}

TEST_F(FhirReadRoutes, PagingFollowsNextLinksToTheEnd) {
  std::string uri = "/fhir/MedicationAdministration?patient=111&_count=3";
  Ids all;
  int pages = 0;
  while (!uri.empty() && pages < 10) {
    const HttpReply reply = get(uri);
    const Ids page = ids(reply);
    EXPECT_LE(page.size(), 3u);
    all.insert(all.end(), page.begin(), page.end());
    const rapidjson::Document doc = reply.json();
    EXPECT_EQ(doc["total"].GetInt(), 7);
    const std::string next = link(doc, "next");
    ASSERT_TRUE(next.empty() || next.rfind(kBase, 0) == 0) << next;
    uri = next.empty() ? "" : "/fhir" + next.substr(std::string(kBase).size());
    ++pages;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(all, (Ids{"ma-1", "ma-2", "ma-3", "ma-4", "ma-5", "ma-6", "ma-7"}));
}

TEST_F(FhirReadRoutes, CountIsCappedAndZeroGivesOnlyTheTotal) {
  const HttpReply none = get("/fhir/MedicationAdministration?_count=0");
  EXPECT_EQ(ids(none), Ids{});
  EXPECT_EQ(none.json()["total"].GetInt(), 7);
  const HttpReply big = get("/fhir/MedicationAdministration?_count=100000");
  EXPECT_EQ(ids(big).size(), 7u);
  EXPECT_NE(link(big.json(), "self").find("_count=500"), std::string::npos);
  EXPECT_EQ(ids(get("/fhir/MedicationAdministration?_count=2&_getpagesoffset=6")), (Ids{"ma-7"}));
}

TEST_F(FhirReadRoutes, SortByLastUpdatedBothWays) {
  EXPECT_EQ(ids(get("/fhir/MedicationAdministration?_sort=_lastUpdated&status=completed")),
            (Ids{"ma-7", "ma-5", "ma-3", "ma-1"}));
  EXPECT_EQ(ids(get("/fhir/MedicationAdministration?_sort=-_lastUpdated&status=completed")),
            (Ids{"ma-1", "ma-3", "ma-5", "ma-7"}));
  const HttpReply sorted = get("/fhir/MedicationAdministration?_sort=-_lastUpdated&_count=2");
  EXPECT_EQ(ids(sorted), (Ids{"ma-1", "ma-2"}));
  EXPECT_NE(link(sorted.json(), "next").find("_sort=-_lastUpdated"), std::string::npos);
}

TEST_F(FhirReadRoutes, LastUpdatedIsSearchableOnEveryType) {
  EXPECT_EQ(ids(get("/fhir/Device?_lastUpdated=gt2000-01-01")), (Ids{"dev-1"}));
  EXPECT_EQ(ids(get("/fhir/Device?_lastUpdated=lt2000-01-01")), Ids{});
}

TEST_F(FhirReadRoutes, BadParametersAreRejectedNamingThem) {
  for (const char* uri : {"/fhir/Observation?colour=red", "/fhir/Observation?code:text=x",
                          "/fhir/Observation?date=2026-13", "/fhir/Observation?date=ne2026",
                          "/fhir/Observation?_count=many", "/fhir/Observation?_sort=code",
                          "/fhir/Observation?_getpagesoffset=-1",
                          "/fhir/Observation?code=", "/fhir/Device?status=active"}) {
    const HttpReply reply = get(uri);
    EXPECT_EQ(reply.status, 400) << uri;
    EXPECT_STREQ(reply.json()["resourceType"].GetString(), "OperationOutcome") << uri;
  }
  const HttpReply named = get("/fhir/Observation?colour=red");
  EXPECT_NE(std::string(named.json()["issue"][0]["diagnostics"].GetString()).find("colour"),
            std::string::npos);
}

TEST(FhirReadDatePeriod, CoversThePrecisionGiven) {
  constexpr int64_t kSecond = 1'000'000;
  EXPECT_EQ(date_period("2026-11-21")->second - date_period("2026-11-21")->first, 86'400 * kSecond);
  EXPECT_EQ(date_period("2026-12")->second, date_period("2027")->first);
  EXPECT_EQ(date_period("2026")->second, date_period("2027-01-01")->first);
  EXPECT_EQ(date_period("2026-11-21T08:30Z")->second - kNov21, (8 * 3600 + 31 * 60) * kSecond);
  EXPECT_EQ(date_period("2026-11-21T08:30:05Z")->second - kNov21,
            (8 * 3600 + 30 * 60 + 6) * kSecond);
  EXPECT_EQ(date_period("2026-11-21T08:30:05.25Z")->second - kNov21,
            (8 * 3600 + 30 * 60 + 5) * kSecond + 260'000);
  EXPECT_FALSE(date_period("2026-11-21T08:30"));
  EXPECT_FALSE(date_period("yesterday"));
}

}  // namespace
}  // namespace titrate::fhir
