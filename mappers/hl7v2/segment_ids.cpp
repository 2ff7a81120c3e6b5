#include "mappers/hl7v2/segment_ids.h"

#include <array>
#include <cstdint>

namespace titrate::hl7v2 {
namespace {

constexpr bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
constexpr bool is_upper_or_digit(char c) {
  return is_upper(c) || (c >= '0' && c <= '9');
}
constexpr size_t digit36(char c) {
  return is_upper(c) ? static_cast<size_t>(c - 'A') : static_cast<size_t>(26 + c - '0');
}
constexpr size_t id_index(std::string_view id) {
  return digit36(id[0]) * 36 * 36 + digit36(id[1]) * 36 + digit36(id[2]);
}

// Segment IDs of HL7 v2.1 through v2.9 (chapter segment definitions).
constexpr std::string_view kStandardIds[] = {
    "ABS", "ACC", "ADD", "ADJ", "AFF", "AIG", "AIL", "AIP", "AIS", "AL1", "APR", "ARQ", "ARV",
    "AUT", "BHS", "BLC", "BLG", "BPO", "BPX", "BTS", "BTX", "BUI", "CDM", "CDO", "CER", "CM0",
    "CM1", "CM2", "CNS", "CON", "CSP", "CSR", "CSS", "CTD", "CTI", "CTR", "DB1", "DEV", "DG1",
    "DMI", "DON", "DPS", "DRG", "DSC", "DSP", "DST", "ECD", "ECR", "EDU", "EQL", "EQP", "EQU",
    "ERQ", "ERR", "EVN", "FAC", "FHS", "FT1", "FTS", "GOL", "GP1", "GP2", "GT1", "IAM", "IAR",
    "IIM", "ILT", "IN1", "IN2", "IN3", "INV", "IPC", "IPR", "ISD", "ITM", "IVC", "IVT", "LAN",
    "LCC", "LCH", "LDP", "LOC", "LRL", "MCP", "MFA", "MFE", "MFI", "MRG", "MSA", "MSH", "NCK",
    "NDS", "NK1", "NPU", "NSC", "NST", "NTE", "OBR", "OBX", "ODS", "ODT", "OH1", "OH2", "OH3",
    "OH4", "OM1", "OM2", "OM3", "OM4", "OM5", "OM6", "OM7", "OMC", "ORC", "ORG", "OVR", "PAC",
    "PCE", "PCR", "PD1", "PDA", "PDC", "PEO", "PES", "PID", "PKG", "PMT", "PR1", "PRA", "PRB",
    "PRC", "PRD", "PRT", "PSG", "PSH", "PSL", "PSS", "PTH", "PV1", "PV2", "PYE", "QAK", "QID",
    "QPD", "QRD", "QRF", "QRI", "RCP", "RDF", "RDT", "REL", "RF1", "RFI", "RGS", "RMI", "ROL",
    "RQ1", "RQD", "RXA", "RXC", "RXD", "RXE", "RXG", "RXO", "RXR", "RXV", "SAC", "SCD", "SCH",
    "SCP", "SDD", "SFT", "SGH", "SGT", "SHP", "SID", "SLT", "SPM", "SPR", "STF", "STZ", "TCC",
    "TCD", "TQ1", "TQ2", "TXA", "UAC", "UB1", "UB2", "URD", "URS", "VAR", "VND", "VTQ",
};

constexpr std::array<uint64_t, (36 * 36 * 26 + 63) / 64> make_table() {
  std::array<uint64_t, (36 * 36 * 26 + 63) / 64> bits{};
  for (std::string_view id : kStandardIds) {
    size_t i = id_index(id);
    bits[i / 64] |= uint64_t{1} << (i % 64);
  }
  return bits;
}

constexpr auto kTable = make_table();

}  // namespace

bool is_valid_segment_id(std::string_view id) {
  return id.size() == 3 && is_upper(id[0]) && is_upper_or_digit(id[1]) && is_upper_or_digit(id[2]);
}

bool is_standard_segment_id(std::string_view id) {
  if (!is_valid_segment_id(id)) return false;
  size_t i = id_index(id);
  return (kTable[i / 64] >> (i % 64)) & 1;
}

}  // namespace titrate::hl7v2
