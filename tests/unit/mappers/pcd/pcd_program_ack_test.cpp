#include <gtest/gtest.h>

#include "mappers/inbound/pcd/program_ack.h"
#include "tests/unit/fixtures.h"

namespace titrate::pcd {
namespace {

TEST(PcdProgramAck, CommitAccept) {
  const ProgramAck ack = parse_program_ack(test::read_fixture("pcd/ack_o15_ca.hl7"));
  EXPECT_EQ(ack.status, ProgramAck::Status::kAccepted);
  EXPECT_EQ(ack.ack_code, "CA");
  EXPECT_EQ(ack.acknowledged_id, "KTR-000017");
  EXPECT_TRUE(ack.error_code.empty());
}

TEST(PcdProgramAck, CommitRejectWithPivError) {
  const ProgramAck ack = parse_program_ack(test::read_fixture("pcd/ack_o15_cr.hl7"));
  EXPECT_EQ(ack.status, ProgramAck::Status::kRejected);
  EXPECT_EQ(ack.ack_code, "CR");
  EXPECT_EQ(ack.error_code, "9010");
  EXPECT_EQ(ack.error_text, "Unable to match medication to drug library");
}

TEST(PcdProgramAck, TfExampleWithEmptyMsa2) {
  // TF-2 E.2.3 accept acknowledgement of example 2 (MSA-2 empty as printed).
  const ProgramAck ack = parse_program_ack(
      "MSH|^~\\&|IOCVENDOR^6543210000000001^EUI-64|IOCVENDOR|IOPVENDOR^1234560000000001^EUI-64|"
      "IOPVENDOR|20080101123456-0600||ACK^O15^ACK|102|P|2.5||||||ASCII|EN^English^ISO659||"
      "IHE_PCD_PIV_001\rMSA|CA|\r");
  EXPECT_EQ(ack.status, ProgramAck::Status::kAccepted);
  EXPECT_TRUE(ack.acknowledged_id.empty());
}

TEST(PcdProgramAck, ErrorTextFallsBack) {
  const ProgramAck commit_error = parse_program_ack(
      "MSH|^~\\&|S|F|T|F|20261121||ACK^O15^ACK|9|P|2.6\rMSA|CE|C1\r"
      "ERR||RXG^1^15|102^Data type error^HL70357|E||||RXG-15 is not a number\r");
  EXPECT_EQ(commit_error.status, ProgramAck::Status::kRejected);
  EXPECT_TRUE(commit_error.error_code.empty());
  EXPECT_EQ(commit_error.error_text, "RXG-15 is not a number");  // ERR-8
  const ProgramAck app_error = parse_program_ack(
      "MSH|^~\\&|S|F|T|F|20261121||ACK^O15^ACK|9|P|2.6\rMSA|AE|C1|pump offline\r");
  EXPECT_EQ(app_error.status, ProgramAck::Status::kRejected);
  EXPECT_EQ(app_error.error_text, "pump offline");  // MSA-3
}

TEST(PcdProgramAck, Unreadable) {
  EXPECT_EQ(parse_program_ack("").status, ProgramAck::Status::kUnreadable);
  EXPECT_EQ(parse_program_ack("hello").status, ProgramAck::Status::kUnreadable);
  const ProgramAck no_msa = parse_program_ack("MSH|^~\\&|S|F|T|F|20261121||ACK^O15^ACK|9|P|2.6\r");
  EXPECT_EQ(no_msa.status, ProgramAck::Status::kUnreadable);
  EXPECT_NE(no_msa.problem.find("MSA"), std::string::npos);
  const ProgramAck bad_code =
      parse_program_ack("MSH|^~\\&|S|F|T|F|20261121||ACK^O15^ACK|9|P|2.6\rMSA|OK|C1\r");
  EXPECT_EQ(bad_code.status, ProgramAck::Status::kUnreadable);
  EXPECT_NE(bad_code.problem.find("MSA[1]-1"), std::string::npos);
}

}  // namespace
}  // namespace titrate::pcd
