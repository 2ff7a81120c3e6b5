// Conformance of the HL7v2 codec over the third-party corpus (TITRATE_CORPUS_DIR/hl7v2).
// Every file, after split_messages(), either parses ok and re-encodes byte-identically (BOM
// stripped, CR terminators, skipped blank lines removed), or is rejected with located errors.
// Files the corpus MANIFEST marks MALFORMED must produce at least a warning.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "mappers/hl7v2/batch.h"
#include "mappers/hl7v2/encoder.h"
#include "mappers/hl7v2/message.h"

namespace titrate::hl7v2 {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(TITRATE_CORPUS_DIR);
const fs::path kHl7Dir = kCorpus / "hl7v2";
constexpr const char* kNoCorpus = "corpus_not_found";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> names;
  std::error_code ec;
  if (fs::is_directory(kHl7Dir, ec)) {
    for (const auto& e : fs::directory_iterator(kHl7Dir, ec)) {
      if (e.path().extension() == ".hl7") names.push_back(e.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) names.push_back(kNoCorpus);
  return names;
}

// File names that MANIFEST.md describes as MALFORMED.
std::set<std::string> malformed_files() {
  std::set<std::string> out;
  std::string manifest = read_file(kCorpus / "MANIFEST.md");
  size_t line_start = 0;
  while (line_start < manifest.size()) {
    size_t end = manifest.find('\n', line_start);
    if (end == std::string::npos) end = manifest.size();
    std::string_view line(manifest.data() + line_start, end - line_start);
    size_t name = line.find("`hl7v2/");
    if (line.find("MALFORMED") != std::string_view::npos && name != std::string_view::npos) {
      size_t close = line.find('`', name + 1);
      out.emplace(line.substr(name + 7, close - name - 7));
    }
    line_start = end + 1;
  }
  return out;
}

// The expected encode() output: BOM stripped, every line terminated by one CR, blank and
// whitespace-only lines (which the parser skips with a warning) removed.
std::string canonical(std::string_view msg, size_t* dropped) {
  if (msg.substr(0, 3) == "\xEF\xBB\xBF") msg.remove_prefix(3);
  std::string out;
  *dropped = 0;
  size_t i = 0;
  while (i < msg.size()) {
    size_t j = msg.find_first_of("\r\n", i);
    if (j == std::string_view::npos) j = msg.size();
    std::string_view line = msg.substr(i, j - i);
    if (line.find_first_not_of(" \t\v\f") == std::string_view::npos) {
      ++*dropped;
    } else {
      out.append(line);
      out += '\r';
    }
    if (j < msg.size() && msg[j] == '\r' && j + 1 < msg.size() && msg[j + 1] == '\n') ++j;
    i = j + 1;
  }
  return out;
}

class Hl7v2CorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(Hl7v2CorpusTest, ParsesAndRoundTripsOrIsRejected) {
  if (GetParam() == kNoCorpus) {
    GTEST_SKIP() << "HL7v2 corpus not found at " << kHl7Dir << " (set TITRATE_CORPUS_DIR)";
  }
  const std::string bytes = read_file(kHl7Dir / GetParam());
  ASSERT_FALSE(bytes.empty()) << GetParam();
  const SplitResult split = split_messages(bytes);
  ASSERT_FALSE(split.messages.empty());
  size_t findings = 0;
  for (const Diagnostic& d : split.diagnostics) {
    EXPECT_FALSE(d.message.empty());
    findings += d.severity != Severity::kInfo;
  }
  std::string summary;
  for (size_t k = 0; k < split.messages.size(); ++k) {
    SCOPED_TRACE("message " + std::to_string(k + 1));
    const std::string_view msg = split.messages[k];
    const Message m = parse(msg);
    size_t warnings = 0, skipped = 0;
    for (const Diagnostic& d : m.diagnostics()) {
      EXPECT_FALSE(d.message.empty());
      findings += d.severity != Severity::kInfo;
      warnings += d.severity == Severity::kWarning;
      skipped += d.message.ends_with("skipped");
    }
    if (m.ok()) {
      size_t dropped = 0;
      const std::string expected = canonical(msg, &dropped);
      EXPECT_EQ(encode(m), expected);
      EXPECT_EQ(skipped, dropped) << "every skipped line must be reported";
      summary += " ok+round-trip";
      if (warnings) summary += " (" + std::to_string(warnings) + " warnings)";
    } else {
      bool located = false;
      std::set<std::string> codes;
      for (const Diagnostic& d : m.diagnostics()) {
        if (d.severity != Severity::kError) continue;
        located |= d.location.segment_index > 0 || d.location.byte_offset > 0;
        codes.insert(d.code);
      }
      EXPECT_TRUE(located) << "rejected without a located error";
      summary += " rejected (codes";
      for (const auto& c : codes) summary += " " + c;
      summary += ")";
    }
  }
  static const std::set<std::string> kMalformed = malformed_files();
  if (kMalformed.count(GetParam())) {
    EXPECT_GT(findings, 0u) << "MALFORMED in the MANIFEST but parsed as clean";
    summary += " [MALFORMED: " + std::to_string(findings) + " findings]";
  }
  if (!split.diagnostics.empty()) {
    summary += " [split: " + std::to_string(split.diagnostics.size()) + " findings]";
  }
  std::cout << "[corpus] " << GetParam() << ": " << split.messages.size() << " message(s)"
            << summary << "\n";
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  if (name.size() > 4 && name.ends_with(".hl7")) name.resize(name.size() - 4);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, Hl7v2CorpusTest, ::testing::ValuesIn(corpus_files()), test_name);

// Targeted checks of the edge cases the MANIFEST indexes.
class Hl7v2CorpusEdgeCaseTest : public ::testing::Test {
 protected:
  std::string load(const std::string& name) {
    fs::path p = kHl7Dir / name;
    std::error_code ec;
    if (!fs::exists(p, ec)) return {};
    return read_file(p);
  }
};

#define LOAD_OR_SKIP(var, name)       \
  const std::string var = load(name); \
  if (var.empty()) GTEST_SKIP() << name << " not found under " << kHl7Dir

TEST_F(Hl7v2CorpusEdgeCaseTest, CustomDelimiters) {
  LOAD_OR_SKIP(bytes, "adt_a24__hapi-hl7v2__01_custom-delimiters.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.delimiters().field, '^');
  EXPECT_EQ(m.delimiters().component, '~');
  EXPECT_EQ(m.delimiters().repetition, '|');
  EXPECT_EQ(m.header().trigger_event, "A24");
  EXPECT_TRUE(m.find_segment("PID", 2).has_value());
}

TEST_F(Hl7v2CorpusEdgeCaseTest, ThreeCharacterEncodings) {
  LOAD_OR_SKIP(bar, "bar_p01__hapi-hl7v2__01_3-char-encoding.hl7");
  Message m = parse(bar);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.delimiters().escape, '}');
  EXPECT_EQ(m.delimiters().subcomponent, '\0');
  LOAD_OR_SKIP(ruby, "adt_a01__ruby-hl7__01_2-char-encoding.hl7");
  Message r = parse(ruby);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.delimiters().repetition, '\\');
  EXPECT_EQ(r.delimiters().escape, '&');
}

TEST_F(Hl7v2CorpusEdgeCaseTest, MshAsFieldValueIsOneMessage) {
  LOAD_OR_SKIP(bytes, "adt_a04__fhir-converter__03_bom-msh-as-field-value.hl7");
  SplitResult r = split_messages(bytes);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_TRUE(parse(r.messages[0]).ok());
}

TEST_F(Hl7v2CorpusEdgeCaseTest, BatchEnvelope) {
  LOAD_OR_SKIP(bytes, "oru_r01__ruby-hl7__04_batch-fhs-bhs.hl7");
  SplitResult r = split_messages(bytes);
  EXPECT_TRUE(r.batch);
  EXPECT_EQ(r.messages.size(), 2u);
  EXPECT_TRUE(r.diagnostics.empty());  // BTS|2 and FTS|1 match
}

TEST_F(Hl7v2CorpusEdgeCaseTest, EscapesDecode) {
  LOAD_OR_SKIP(bytes, "orm_o01__hl7-dotnetcore__01_escape-sequences.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  auto first = m.text("NTE[1]-3");
  ASSERT_TRUE(first);
  EXPECT_NE(first->find("\\.br\\"), std::string::npos);  // formatting kept verbatim
  auto second = m.text("NTE[2]-3");
  ASSERT_TRUE(second);
  EXPECT_NE(second->find("\r\n"), std::string::npos);  // \X0D\\X0A\ decoded
}

TEST_F(Hl7v2CorpusEdgeCaseTest, Latin1DeclaredFileParses) {
  LOAD_OR_SKIP(bytes, "erp_z99__hapi-hl7v2__01_z-segments.hl7");
  Message m = parse(bytes);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.header().charset, Charset::kLatin1);
  EXPECT_TRUE(m.find_segment("ZNT").has_value());
}

}  // namespace
}  // namespace titrate::hl7v2
