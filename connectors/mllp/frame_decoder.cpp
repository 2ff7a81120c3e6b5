#include "connectors/mllp/frame_decoder.h"

namespace titrate::mllp {

FrameDecoder::FrameDecoder(size_t max_frame_bytes, size_t oversized_head_bytes)
    : max_frame_bytes_(max_frame_bytes),
      head_bytes_(std::min(oversized_head_bytes, max_frame_bytes)) {}

void append_frame(std::string_view payload, std::string& out) {
  out.reserve(out.size() + payload.size() + 3);
  out.push_back(kStartBlock);
  out.append(payload);
  out.push_back(kEndBlock);
  out.push_back(kCarriageReturn);
}

std::string frame(std::string_view payload) {
  std::string out;
  append_frame(payload, out);
  return out;
}

}  // namespace titrate::mllp
