#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace titrate::mllp {

inline constexpr char kStartBlock = 0x0B;
inline constexpr char kEndBlock = 0x1C;
inline constexpr char kCarriageReturn = 0x0D;

// What the decoder found in the byte stream.
struct FrameEvent {
  enum class Kind {
    kFrame,      // a complete frame: bytes is the payload between <VT> and <FS><CR>
    kOversized,  // a frame larger than the limit ended: bytes is its head, total_bytes its size
    kGarbage,    // bytes outside any frame were skipped: total_bytes says how many
  };
  Kind kind;
  std::string_view bytes;  // valid only during the callback
  size_t total_bytes = 0;
};

// Incremental MLLP de-framer (<VT> payload <FS><CR>). Frames may be split across reads and
// several may arrive in one read. A frame that lies wholly inside one read is handed out
// without copying; only frames split across reads are assembled in a buffer.
class FrameDecoder {
 public:
  explicit FrameDecoder(size_t max_frame_bytes, size_t oversized_head_bytes = 64 * 1024);

  template <typename OnEvent>
  void feed(std::string_view data, OnEvent&& on_event);

  // True while a frame has started but not ended.
  bool in_frame() const { return state_ == State::kInFrame || state_ == State::kOversized; }

 private:
  enum class State { kOutside, kInFrame, kOversized, kAfterEnd };

  size_t max_frame_bytes_;
  size_t head_bytes_;
  State state_ = State::kOutside;
  std::string buffer_;
  size_t frame_total_ = 0;
  size_t garbage_run_ = 0;
};

template <typename OnEvent>
void FrameDecoder::feed(std::string_view data, OnEvent&& on_event) {
  size_t i = 0;
  const size_t n = data.size();
  auto flush_garbage = [&] {
    if (garbage_run_ > 0) {
      on_event(FrameEvent{FrameEvent::Kind::kGarbage, {}, garbage_run_});
      garbage_run_ = 0;
    }
  };
  while (i < n) {
    switch (state_) {
      case State::kAfterEnd:
        state_ = State::kOutside;
        if (data[i] == kCarriageReturn) ++i;  // the CR of <FS><CR>; a bare <FS> is tolerated
        break;
      case State::kOutside: {
        const size_t start = data.find(kStartBlock, i);
        const size_t end = start == std::string_view::npos ? n : start;
        for (size_t k = i; k < end; ++k) {
          // Line breaks between frames are common and harmless; anything else is garbage.
          if (data[k] != '\r' && data[k] != '\n') ++garbage_run_;
        }
        flush_garbage();
        if (start == std::string_view::npos) return;
        i = start + 1;
        frame_total_ = 0;
        buffer_.clear();
        // Fast path: the whole frame is inside this read.
        const size_t fs = data.find(kEndBlock, i);
        if (fs != std::string_view::npos && fs - i <= max_frame_bytes_) {
          on_event(FrameEvent{FrameEvent::Kind::kFrame, data.substr(i, fs - i), fs - i});
          i = fs + 1;
          state_ = State::kAfterEnd;
        } else {
          state_ = State::kInFrame;
        }
        break;
      }
      case State::kInFrame:
      case State::kOversized: {
        const size_t fs = data.find(kEndBlock, i);
        const size_t chunk_end = fs == std::string_view::npos ? n : fs;
        const size_t chunk = chunk_end - i;
        frame_total_ += chunk;
        if (state_ == State::kInFrame && frame_total_ > max_frame_bytes_)
          state_ = State::kOversized;
        const size_t keep_limit = state_ == State::kInFrame ? max_frame_bytes_ : head_bytes_;
        if (buffer_.size() < keep_limit) {
          buffer_.append(data.substr(i, std::min(chunk, keep_limit - buffer_.size())));
        }
        if (fs == std::string_view::npos) return;
        const auto kind =
            state_ == State::kInFrame ? FrameEvent::Kind::kFrame : FrameEvent::Kind::kOversized;
        std::string_view bytes = buffer_;
        if (kind == FrameEvent::Kind::kOversized && bytes.size() > head_bytes_) {
          bytes = bytes.substr(0, head_bytes_);
        }
        on_event(FrameEvent{kind, bytes, frame_total_});
        buffer_.clear();
        i = fs + 1;
        state_ = State::kAfterEnd;
        break;
      }
    }
  }
  if (state_ == State::kOutside) flush_garbage();
}

// Wraps one payload in an MLLP frame.
std::string frame(std::string_view payload);
void append_frame(std::string_view payload, std::string& out);

}  // namespace titrate::mllp
