#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "mappers/hl7v2/message.h"
#include "mappers/inbound/hl7v2/issues.h"
#include "mappers/inbound/hl7v2/map_hl7v2.h"

namespace titrate::inbound {
namespace {

namespace fs = std::filesystem;

bool mapped_here(const std::string& name) {
  return name.rfind("adt_", 0) == 0 || name.rfind("orm_", 0) == 0 || name.rfind("rde_", 0) == 0;
}

// The third-party corpus's ADT/ORM/RDE messages either map cleanly or give errors located in
// HL7 terms; none may crash. Set TITRATE_CORPUS_DIR to the corpus root to run it.
TEST(Hl7MapCorpus, AdtOrmRdeMapOrGiveLocatedErrors) {
  const char* root = std::getenv("TITRATE_CORPUS_DIR");
  if (!root || !fs::is_directory(fs::path(root) / "hl7v2")) {
    GTEST_SKIP() << "TITRATE_CORPUS_DIR is not set or has no hl7v2/";
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(root) / "hl7v2")) {
    if (e.is_regular_file() && mapped_here(e.path().filename().string())) files.push_back(e.path());
  }
  ASSERT_FALSE(files.empty());
  std::sort(files.begin(), files.end());

  const profile::MappingProfile profile;  // the defaults: MR key, UTC, report unknown segments
  int clean = 0, with_errors = 0;
  std::map<std::string, int> codes;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const hl7v2::Message message = hl7v2::parse(bytes);
    const model::MappedMessage mapped = map_hl7v2(message, profile);
    for (const model::MappingIssue& issue : mapped.issues) {
      EXPECT_TRUE(parse_issue_location(issue.location))
          << file.filename() << ": issue without an HL7 location: " << issue.message;
      EXPECT_FALSE(issue.code.empty()) << file.filename();
      if (issue.severity == model::MappingIssue::Severity::kError) ++codes[issue.code];
    }
    if (mapped.ok()) {
      ++clean;
      EXPECT_TRUE(mapped.patient) << file.filename();
    } else {
      ++with_errors;
    }
  }
  std::string summary;
  for (const auto& [code, n] : codes) summary += " " + code + "x" + std::to_string(n);
  std::printf(
      "[ corpus   ] %zu ADT/ORM/RDE messages: %d mapped cleanly, %d with located errors;"
      " error codes:%s\n",
      files.size(), clean, with_errors, summary.c_str());
  EXPECT_EQ(clean + with_errors, static_cast<int>(files.size()));
}

}  // namespace
}  // namespace titrate::inbound
