#include "mappers/profile/tzif.h"

namespace titrate::profile {
namespace {

constexpr size_t kHeaderSize = 44;

// Reads big-endian integers from a byte range, remembering whether it ran past the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  bool has(uint64_t count) const { return count <= bytes_.size() - pos_; }
  uint64_t position() const { return pos_; }
  void skip(uint64_t count) { pos_ += count; }
  std::string_view take(uint64_t count) {
    const std::string_view out = bytes_.substr(pos_, count);
    pos_ += count;
    return out;
  }
  uint8_t u8() { return static_cast<uint8_t>(bytes_[pos_++]); }
  uint32_t u32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | u8();
    return v;
  }
  int64_t i64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | u8();
    return static_cast<int64_t>(v);
  }

 private:
  std::string_view bytes_;
  uint64_t pos_ = 0;
};

struct Header {
  char version = 0;  // 0, '2', '3' or '4'
  uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

std::optional<Header> read_header(ByteReader& in) {
  if (!in.has(kHeaderSize) || in.take(4) != "TZif") return std::nullopt;
  Header h;
  h.version = static_cast<char>(in.u8());
  if (h.version != 0 && (h.version < '2' || h.version > '4')) return std::nullopt;
  in.skip(15);
  h.isutcnt = in.u32();
  h.isstdcnt = in.u32();
  h.leapcnt = in.u32();
  h.timecnt = in.u32();
  h.typecnt = in.u32();
  h.charcnt = in.u32();
  if (h.typecnt == 0 || h.typecnt > 256 || h.charcnt == 0) return std::nullopt;
  if ((h.isutcnt != 0 && h.isutcnt != h.typecnt) || (h.isstdcnt != 0 && h.isstdcnt != h.typecnt)) {
    return std::nullopt;
  }
  return h;
}

// Bytes of the data block that follows a header; time_size is 4 (v1) or 8 (v2+).
uint64_t data_size(const Header& h, uint64_t time_size) {
  return uint64_t{h.timecnt} * time_size + h.timecnt + uint64_t{h.typecnt} * 6 + h.charcnt +
         uint64_t{h.leapcnt} * (time_size + 4) + h.isstdcnt + h.isutcnt;
}

std::optional<TzifData> read_data(ByteReader& in, const Header& h, uint64_t time_size) {
  if (!in.has(data_size(h, time_size))) return std::nullopt;
  TzifData out;
  out.transitions.reserve(h.timecnt);
  for (uint32_t i = 0; i < h.timecnt; ++i) {
    const int64_t t = time_size == 8 ? in.i64() : static_cast<int32_t>(in.u32());
    if (!out.transitions.empty() && t <= out.transitions.back()) return std::nullopt;
    out.transitions.push_back(t);
  }
  out.type_after.reserve(h.timecnt);
  for (uint32_t i = 0; i < h.timecnt; ++i) {
    const uint8_t type = in.u8();
    if (type >= h.typecnt) return std::nullopt;
    out.type_after.push_back(type);
  }
  for (uint32_t i = 0; i < h.typecnt; ++i) {
    const auto utoff = static_cast<int32_t>(in.u32());
    const uint8_t isdst = in.u8();
    const uint8_t desigidx = in.u8();
    // RFC 8536 §3.2: offsets within -25:59:59..+25:59:59 keep local time arithmetic sane.
    if (utoff < -93599 || utoff > 93599 || isdst > 1 || desigidx >= h.charcnt) return std::nullopt;
    out.type_offsets.push_back(utoff);
  }
  in.skip(h.charcnt + uint64_t{h.leapcnt} * (time_size + 4) + h.isstdcnt + h.isutcnt);
  return out;
}

}  // namespace

std::optional<TzifData> parse_tzif(std::string_view bytes) {
  ByteReader in(bytes);
  const std::optional<Header> v1 = read_header(in);
  if (!v1) return std::nullopt;
  if (v1->version == 0) return read_data(in, *v1, 4);

  // Version 2+: skip the 32-bit block, then read the 64-bit one and the footer.
  if (!in.has(data_size(*v1, 4))) return std::nullopt;
  in.skip(data_size(*v1, 4));
  const std::optional<Header> v2 = read_header(in);
  if (!v2 || v2->version == 0) return std::nullopt;
  std::optional<TzifData> data = read_data(in, *v2, 8);
  if (!data) return std::nullopt;
  // Footer: "\n" TZ-string "\n".
  if (!in.has(1) || in.u8() != '\n') return std::nullopt;
  const uint64_t start = in.position();
  const std::string_view rest = bytes.substr(start);
  const size_t end = rest.find('\n');
  if (end == std::string_view::npos) return std::nullopt;
  data->footer = std::string(rest.substr(0, end));
  return data;
}

}  // namespace titrate::profile
