#pragma once

#include <string_view>
#include <vector>

#include "mappers/hl7v2/diagnostic.h"

namespace titrate::hl7v2 {

struct SplitResult {
  // Views into the input. Each message runs from its MSH to the terminator of its last segment;
  // envelope segments (FHS/BHS/BTS/FTS) are not part of any message.
  std::vector<std::string_view> messages;
  // Envelope problems: BTS-1 / FTS-1 counts that do not match (kWarning), missing trailers,
  // trailers without header, input that starts with neither MSH nor FHS/BHS (kError).
  std::vector<Diagnostic> diagnostics;
  bool batch = false;  // an FHS or BHS envelope was present
};

// Splits a byte stream holding one message, several concatenated messages or an FHS/BHS ...
// BTS/FTS batch. Splits only at segment starts (after CR, LF or CRLF), never at "MSH" inside a
// field. A UTF-8 BOM at the start is skipped. Input that does not start with MSH/FHS/BHS is
// returned whole as one message (parse() will reject it) together with a kError diagnostic.
SplitResult split_messages(std::string_view bytes);

}  // namespace titrate::hl7v2
