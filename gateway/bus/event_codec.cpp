// The bus envelope's JSON form (see event.h). Encoding writes the pre-encoded body as it is;
// decoding reads the envelope with a SAX reader and takes the body as the bytes it spans in the
// input (checked as JSON on the way, not copied through a writer), so numbers keep their exact
// text (72.50 stays 72.50) and the body is not encoded a second time.
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "gateway/bus/event.h"
#include "gateway/model/json_text.h"

namespace titrate::bus {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Envelope strings come from received messages (sender, control id): repaired like the model
// codec's, so the envelope is always valid JSON.
void write_string(JsonWriter& w, std::string_view s) {
  std::string storage;
  const std::string_view text = model::json_text::valid_utf8(s, storage);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_key(JsonWriter& w, std::string_view name) {
  w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
}

void write_field(JsonWriter& w, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  write_key(w, name);
  write_string(w, value);
}

using model::json_text::append_pointer_token;

// The envelope members at depth 1 (and the source members at depth 2).
enum class Member {
  kUnknown,
  kType,
  kSchema,
  kEventId,
  kKey,
  kTime,
  kSource,
  kBody,
  kChannel,
  kSender,
  kControlId,
  kJournalId,
  kFormat
};

Member envelope_member(std::string_view key) {
  if (key == "type") return Member::kType;
  if (key == "schema") return Member::kSchema;
  if (key == "event_id") return Member::kEventId;
  if (key == "key") return Member::kKey;
  if (key == "time") return Member::kTime;
  if (key == "source") return Member::kSource;
  if (key == "body") return Member::kBody;
  return Member::kUnknown;
}

Member source_member(std::string_view key) {
  if (key == "channel") return Member::kChannel;
  if (key == "sender") return Member::kSender;
  if (key == "control_id") return Member::kControlId;
  if (key == "journal_id") return Member::kJournalId;
  if (key == "format") return Member::kFormat;
  return Member::kUnknown;
}

// SAX handler: fills an Event from the envelope, notes where the body object starts and ends in
// `stream`, skips unknown members, and stops at the first problem with its JSON pointer.
class EnvelopeReader : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, EnvelopeReader> {
 public:
  EnvelopeReader(Event& event, std::string_view json, const rapidjson::MemoryStream& stream)
      : event_(event), json_(json), stream_(stream) {}

  bool Null() {
    if (forwarding()) return true;
    if (skipping()) return true;
    return value_seen();  // null reads as absent
  }
  bool Bool(bool) {
    if (forwarding()) return true;
    return scalar("a boolean");
  }
  bool RawNumber(const char* s, rapidjson::SizeType length, bool) {
    if (forwarding()) return true;
    if (skipping()) return true;
    const std::string_view text(s, length);
    if (member_ == Member::kSchema) return integer(text, event_.schema) && value_seen();
    if (member_ == Member::kJournalId)
      return integer(text, event_.source.journal_id) && value_seen();
    return scalar("a number");
  }
  bool String(const char* s, rapidjson::SizeType length, bool) {
    if (forwarding()) return true;
    if (skipping()) return true;
    std::string* target = string_target();
    if (target == nullptr) return scalar("a string");
    target->assign(s, length);
    return value_seen();
  }
  bool Key(const char* s, rapidjson::SizeType length, bool) {
    if (forwarding()) return true;
    if (skipping()) return true;
    const std::string_view key(s, length);
    std::vector<std::string>& seen = depth_ == 1 ? envelope_keys_ : source_keys_;
    for (const std::string& k : seen) {
      if (k == key) {
        member_ = Member::kUnknown;
        key_.assign(key);
        return fail("duplicate key");
      }
    }
    seen.emplace_back(key);
    key_.assign(key);
    member_ = depth_ == 1 ? envelope_member(key) : source_member(key);
    return true;
  }
  bool StartObject() {
    if (forwarding()) return open_body();
    if (skipping()) return ++skip_depth_, true;
    if (depth_ == 0) return depth_ = 1, true;
    if (member_ == Member::kBody) {
      has_body_ = true;
      body_begin_ = stream_.Tell();  // the iterative reader calls us before it takes the {
      return open_body();
    }
    if (member_ == Member::kSource) return depth_ = 2, true;
    if (member_ == Member::kUnknown) return skip_depth_ = 1, true;
    return fail(std::string("expected ") + expected());
  }
  bool EndObject(rapidjson::SizeType) {
    if (forwarding()) return close_body();
    if (skipping()) return --skip_depth_, true;
    --depth_;
    source_keys_.clear();
    member_ = Member::kUnknown;
    key_.clear();
    return true;
  }
  bool StartArray() {
    if (forwarding()) return open_body();
    if (skipping()) return ++skip_depth_, true;
    if (depth_ == 0) return fail("expected an object");
    if (member_ == Member::kUnknown) return skip_depth_ = 1, true;
    return fail(std::string("expected ") + expected());
  }
  bool EndArray(rapidjson::SizeType) {
    if (forwarding()) return close_body();
    return --skip_depth_, true;
  }

  // After a successful parse: the members that must be there.
  bool finish() {
    depth_ = 1;
    auto require = [&](bool present, std::string_view name, const char* message) {
      if (present) return true;
      key_.assign(name);
      member_ = Member::kUnknown;
      return fail(message);
    };
    if (!require(has_schema_, "schema", "missing schema version")) return false;
    if (event_.schema > model::kModelSchemaVersion) {
      key_ = "schema";
      return fail("schema version " + std::to_string(event_.schema) +
                  " is newer than the supported " + std::to_string(model::kModelSchemaVersion));
    }
    if (event_.schema < 1) return key_ = "schema", fail("invalid schema version");
    if (!require(!event_.type.empty(), "type", "missing")) return false;
    if (!require(!event_.event_id.empty(), "event_id", "missing")) return false;
    if (!require(has_body_, "body", "missing")) return false;
    event_.body.assign(json_.substr(body_begin_, body_end_ - body_begin_));
    return true;
  }

  bool failed() const { return !error_.message.empty(); }
  model::ModelJsonError& error() { return error_; }

 private:
  bool forwarding() const { return body_depth_ > 0; }
  bool skipping() const { return skip_depth_ > 0; }

  bool open_body() {
    return ++body_depth_ <= model::kModelJsonMaxDepth || fail("nested too deeply");
  }
  bool close_body() {
    if (--body_depth_ == 0) body_end_ = stream_.Tell() + 1;  // ... and before it takes the }
    return true;
  }

  std::string* string_target() {
    switch (member_) {
      case Member::kType:
        return &event_.type;
      case Member::kEventId:
        return &event_.event_id;
      case Member::kKey:
        return &event_.key;
      case Member::kTime:
        return &event_.time.value;
      case Member::kChannel:
        return &event_.source.channel;
      case Member::kSender:
        return &event_.source.sender;
      case Member::kControlId:
        return &event_.source.control_id;
      case Member::kFormat:
        return &event_.source.format;
      default:
        return nullptr;
    }
  }

  const char* expected() const {
    switch (member_) {
      case Member::kSchema:
      case Member::kJournalId:
        return "an integer";
      case Member::kSource:
      case Member::kBody:
        return "an object";
      default:
        return "a string";
    }
  }

  // A scalar of a kind that only unknown members may hold.
  bool scalar(const char*) {
    if (skipping()) return true;
    if (depth_ == 0) return fail("expected an object");
    if (member_ == Member::kUnknown) return true;
    return fail(std::string("expected ") + expected());
  }

  template <class Int>
  bool integer(std::string_view text, Int& out) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || ptr != text.data() + text.size()) return fail("expected an integer");
    return true;
  }

  bool value_seen() {
    if (depth_ == 0) return fail("expected an object");
    if (member_ == Member::kSchema) has_schema_ = true;
    return true;
  }

  bool fail(std::string message) {
    error_.pointer.clear();
    if (depth_ >= 2) append_pointer_token(error_.pointer, "source");
    if (!key_.empty()) append_pointer_token(error_.pointer, key_);
    error_.message = std::move(message);
    return false;
  }

  Event& event_;
  std::string_view json_;
  const rapidjson::MemoryStream& stream_;
  size_t body_begin_ = 0, body_end_ = 0;
  int depth_ = 0;  // 1 in the envelope, 2 in "source"
  int body_depth_ = 0;
  int skip_depth_ = 0;
  Member member_ = Member::kUnknown;
  std::string key_;
  std::vector<std::string> envelope_keys_, source_keys_;
  bool has_schema_ = false, has_body_ = false;
  model::ModelJsonError error_;
};

}  // namespace

std::string encode_event(const Event& event) {
  rapidjson::StringBuffer buffer;
  buffer.Reserve(event.body.size() + event.event_id.size() + event.key.size() + 192);
  JsonWriter w(buffer);
  w.StartObject();
  write_key(w, "type");
  write_string(w, event.type);
  write_key(w, "schema");
  w.Int(event.schema);
  write_key(w, "event_id");
  write_string(w, event.event_id);
  write_field(w, "key", event.key);
  write_key(w, "source");
  w.StartObject();
  write_field(w, "channel", event.source.channel);
  write_field(w, "sender", event.source.sender);
  write_field(w, "control_id", event.source.control_id);
  write_key(w, "journal_id");
  w.Int64(event.source.journal_id);
  write_field(w, "format", event.source.format);
  w.EndObject();
  write_field(w, "time", event.time.value);
  write_key(w, "body");
  if (event.body.empty()) {
    w.RawValue("{}", 2, rapidjson::kObjectType);
  } else {
    w.RawValue(event.body.data(), event.body.size(), rapidjson::kObjectType);
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<Event> decode_event(std::string_view json, model::ModelJsonError* error) {
  Event event;
  event.schema = 0;
  rapidjson::MemoryStream stream(json.data(), json.size());
  EnvelopeReader handler(event, json, stream);
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseIterativeFlag;
  const rapidjson::ParseResult parsed = reader.Parse<kFlags>(stream, handler);
  bool ok = false;
  if (parsed.IsError() && !handler.failed()) {
    handler.error().pointer.clear();
    handler.error().message = std::string("offset ") + std::to_string(parsed.Offset()) + ": " +
                              rapidjson::GetParseError_En(parsed.Code());
  } else if (!parsed.IsError()) {
    ok = handler.finish();
  }
  if (!ok) {
    if (error != nullptr) *error = std::move(handler.error());
    return std::nullopt;
  }
  return event;
}

std::string patient_key(const model::Identifier& patient_id) {
  std::string key;
  key.reserve(patient_id.system.size() + 1 + patient_id.value.size());
  key += patient_id.system;
  key += '|';
  key += patient_id.value;
  return key;
}

}  // namespace titrate::bus
