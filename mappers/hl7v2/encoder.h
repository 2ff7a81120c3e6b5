#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "mappers/hl7v2/delimiters.h"

namespace titrate::hl7v2 {

class Message;

// Builds a message segment by segment. Separators are written when a new element is started,
// so trailing empty elements appear only when asked for. Text setters escape; raw setters copy.
//
//   Encoder e;
//   e.segment("MSH").field("APP").field("FAC");              // MSH|^~\&|APP|FAC
//   e.segment("PID").field_at(3).text("123").component("MR"); // PID|||123^MR
//   std::string bytes = e.finish();                           // segments end with CR
class Encoder {
 public:
  explicit Encoder(Delimiters delimiters = {});
  const Delimiters& delimiters() const { return d_; }

  // Starts a segment. For MSH/FHS/BHS, also writes field 1 (separator) and field 2 (encoding
  // characters): the next field() is field 3.
  Encoder& segment(std::string_view id);
  // Starts the next field (writes a field separator).
  Encoder& field();
  Encoder& field(std::string_view text) { return field().text(text); }
  Encoder& raw_field(std::string_view raw) { return field().raw(raw); }
  // Moves to field `number` (HL7 numbering) of the current segment, writing empty fields in
  // between. Moving backwards is ignored.
  Encoder& field_at(size_t number);
  Encoder& repetition();
  Encoder& repetition(std::string_view text) { return repetition().text(text); }
  Encoder& component();
  Encoder& component(std::string_view text) { return component().text(text); }
  Encoder& subcomponent();
  Encoder& subcomponent(std::string_view text) { return subcomponent().text(text); }
  // Appends escaped text / raw bytes at the current position.
  Encoder& text(std::string_view text);
  Encoder& raw(std::string_view raw);
  // Appends text components joined by the component separator, trailing empties dropped.
  Encoder& components(std::initializer_list<std::string_view> texts);

  size_t current_field() const { return field_; }
  // Returns the message (every segment terminated by CR) and resets the encoder.
  std::string finish();

 private:
  Delimiters d_;
  std::string out_;
  size_t field_ = 0;
  bool in_segment_ = false;
};

// Re-encodes a parsed message: every leaf is decoded and re-escaped with an Encoder. For a
// well-formed message this is byte-identical to the input with CR terminators (a leaf holding an
// escape sequence that unescape() cannot decode, or a truncation character, is copied raw).
std::string encode(const Message&);

}  // namespace titrate::hl7v2
