#include "mappers/hl7v2/encoder.h"

#include <utility>

#include "mappers/hl7v2/escape.h"
#include "mappers/hl7v2/message.h"
#include "mappers/hl7v2/pieces.h"
#include "mappers/hl7v2/segment_ids.h"

namespace titrate::hl7v2 {

Encoder::Encoder(Delimiters delimiters) : d_(delimiters) {}

Encoder& Encoder::segment(std::string_view id) {
  if (in_segment_) out_ += '\r';
  in_segment_ = true;
  out_ += id;
  field_ = 0;
  if (is_header_segment_id(id)) {
    out_ += d_.field;
    out_ += d_.encoding_characters();
    field_ = 2;
  }
  return *this;
}

Encoder& Encoder::field() {
  out_ += d_.field;
  ++field_;
  return *this;
}

Encoder& Encoder::field_at(size_t number) {
  while (field_ < number) field();
  return *this;
}

Encoder& Encoder::repetition() {
  if (d_.repetition != '\0') out_ += d_.repetition;
  return *this;
}

Encoder& Encoder::component() {
  if (d_.component != '\0') out_ += d_.component;
  return *this;
}

Encoder& Encoder::subcomponent() {
  if (d_.subcomponent != '\0') out_ += d_.subcomponent;
  return *this;
}

Encoder& Encoder::text(std::string_view text) {
  escape_append(text, d_, out_);
  return *this;
}

Encoder& Encoder::raw(std::string_view raw) {
  out_ += raw;
  return *this;
}

Encoder& Encoder::components(std::initializer_list<std::string_view> texts) {
  size_t used = 0, i = 0;
  for (std::string_view t : texts) {
    ++i;
    if (!t.empty()) used = i;
  }
  i = 0;
  for (std::string_view t : texts) {
    if (i == used) break;
    if (i++ > 0) component();
    text(t);
  }
  return *this;
}

std::string Encoder::finish() {
  if (in_segment_) out_ += '\r';
  in_segment_ = false;
  field_ = 0;
  return std::exchange(out_, std::string{});
}

namespace {

// A leaf that text cannot represent faithfully is copied raw: an escape sequence unescape()
// cannot decode (kept verbatim, so re-escaping would change it) or a truncation character.
void encode_leaf(std::string_view raw, const Delimiters& d, Encoder& e) {
  bool keep_raw = has_unknown_escape(raw, d) ||
                  (d.truncation != '\0' && raw.find(d.truncation) != std::string_view::npos);
  if (keep_raw) {
    e.raw(raw);
  } else {
    e.text(unescape(raw, d));
  }
}

}  // namespace

std::string encode(const Message& m) {
  const Delimiters& d = m.delimiters();
  Encoder e(d);
  for (size_t s = 0; s < m.segment_count(); ++s) {
    std::string_view id = m.segment_id(s);
    e.segment(id);
    const size_t count = m.field_count(s);
    for (size_t f = e.current_field() + 1; f <= count; ++f) {
      e.field();
      std::string_view field = *m.field(s, f);
      bool first_rep = true;
      for (std::string_view rep : Pieces(field, d.repetition)) {
        if (!first_rep) e.repetition();
        first_rep = false;
        bool first_comp = true;
        for (std::string_view comp : Pieces(rep, d.component)) {
          if (!first_comp) e.component();
          first_comp = false;
          bool first_sub = true;
          for (std::string_view sub : Pieces(comp, d.subcomponent)) {
            if (!first_sub) e.subcomponent();
            first_sub = false;
            encode_leaf(sub, d, e);
          }
        }
      }
    }
  }
  return e.finish();
}

}  // namespace titrate::hl7v2
