// Shared by the HL7v2 ingest tests: a journal in a temporary folder, a catch-all mapping profile,
// the ingest stage over them, and the messages and ack fields the tests read.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "gateway/ingest/hl7v2_ingest.h"
#include "mappers/hl7v2/message.h"

namespace titrate::ingest::test {

// A small ADT^A04 from `sender`/NORTHCLINIC; `msh_tail` is appended to MSH-12 (e.g. "|||AL|AL").
inline std::string adt(const std::string& control_id, const std::string& sender = "CLINICEHR",
                       const std::string& msh_tail = "") {
  return "MSH|^~\\&|" + sender + "|NORTHCLINIC|TITRATE|INFUSION|20261121083000||ADT^A04^ADT_A01|" +
         control_id + "|P|2.5.1" + msh_tail + "\rPID|1||MRN1^^^NORTHCLINIC^MR||Testpatient^Alex\r";
}

class Hl7v2IngestFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("titrate-ingest-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store::JournalOptions options;
    options.path = (dir_ / "journal.db").string();
    journal_ = std::make_unique<store::Journal>(options);
    profile::MappingProfile fallback;
    fallback.name = "default";
    profiles_ = std::make_unique<ProfileRegistry>(ProfileRegistry::Profiles{fallback});
    ingest_ = std::make_unique<Hl7v2Ingest>(*journal_, limits_, *profiles_, &sink_);
  }
  void TearDown() override {
    ingest_.reset();
    journal_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A field of an acknowledgement, e.g. "MSA-1", "ERR-8"; empty when absent.
  static std::string ack_field(const std::string& ack, const std::string& location) {
    return hl7v2::parse(ack).text(location).value_or("");
  }
  static std::string msa(const std::string& ack, int n) {
    return ack_field(ack, "MSA-" + std::to_string(n));
  }

  std::filesystem::path dir_;
  config::Hl7v2Limits limits_;
  std::unique_ptr<store::Journal> journal_;
  std::unique_ptr<ProfileRegistry> profiles_;
  CountingSink sink_;
  std::unique_ptr<Hl7v2Ingest> ingest_;
};

}  // namespace titrate::ingest::test
