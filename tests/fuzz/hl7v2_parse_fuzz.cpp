// libFuzzer target: the HL7v2 batch splitter and parser, then every field, repetition, component
// and subcomponent through the public API (raw, decoded, and by location spec).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mappers/hl7v2/batch.h"
#include "mappers/hl7v2/message.h"
#include "mappers/hl7v2/pieces.h"

namespace {

using titrate::hl7v2::Message;
using titrate::hl7v2::Pieces;

// Keeps the optimiser from dropping the walk.
volatile size_t g_sink = 0;

void check(bool condition) {
  if (!condition) std::abort();
}

void walk_field(const Message& m, std::string_view field) {
  const auto& d = m.delimiters();
  for (std::string_view rep : Pieces(field, d.repetition)) {
    for (std::string_view comp : Pieces(rep, d.component)) {
      for (std::string_view sub : Pieces(comp, d.subcomponent)) {
        g_sink = g_sink + m.decode(sub).size();
      }
    }
  }
}

void walk(const Message& m) {
  const std::string_view raw = m.raw();
  for (size_t s = 0; s < m.segment_count(); ++s) {
    const std::string_view id = m.segment_id(s);
    const std::string_view seg = m.segment_raw(s);
    // Views must lie inside the parsed buffer.
    check(seg.data() >= raw.data() && seg.data() + seg.size() <= raw.data() + raw.size());
    check(m.segment_offset(s) <= raw.size());
    const size_t fields = m.field_count(s);
    for (size_t f = 1; f <= fields; ++f) {
      const auto field = m.field(s, f);
      check(field.has_value());
      walk_field(m, *field);
    }
    check(!m.field(s, fields + 1).has_value());
    if (id.size() == 3 && fields > 0) {
      // The same fields again through location specs ("PID-3", "PID-3[2].4.1").
      const std::string spec = std::string(id) + "-" + std::to_string(fields);
      g_sink = g_sink + m.value(spec).value_or("").size();
      g_sink = g_sink + m.text(spec + "[2].2.1").value_or("").size();
      g_sink = g_sink + m.is_null(spec);
      const auto found = m.find_segment(id);
      check(found.has_value() && *found <= s);
    }
  }
  for (const auto& diagnostic : m.diagnostics()) {
    g_sink = g_sink + diagnostic.location.to_string().size() +
             diagnostic.location.to_erl(m.delimiters()).size();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto split = titrate::hl7v2::split_messages(bytes);
  Message reused;
  for (std::string_view one : split.messages) {
    walk(titrate::hl7v2::parse(one));
    titrate::hl7v2::parse_into(
        one, {.max_message_bytes = 4096, .max_segments = 16, .max_field_bytes = 256}, reused);
    walk(reused);
  }
  // The input's first line as a location spec exercises the spec parser.
  const Message whole = titrate::hl7v2::parse(bytes);
  const std::string_view spec = bytes.substr(0, std::min<size_t>(bytes.find('\n'), 40));
  g_sink = g_sink + whole.value(spec).value_or("").size() + whole.text(spec).value_or("").size();
  return 0;
}
