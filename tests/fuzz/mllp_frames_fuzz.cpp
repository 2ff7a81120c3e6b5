// libFuzzer target: the MLLP frame decoder fed in random-sized chunks. The events must not depend
// on how the stream was cut: chunked decoding is compared with decoding the stream in one read
// (garbage counts merged, since a garbage run cut across reads is reported per read).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/mllp/frame_decoder.h"

namespace {

using titrate::mllp::FrameDecoder;
using titrate::mllp::FrameEvent;

struct Event {
  FrameEvent::Kind kind;
  std::string bytes;
  size_t total;
  bool operator==(const Event&) const = default;
};

void check(bool condition) {
  if (!condition) std::abort();
}

class Recorder {
 public:
  Recorder(size_t max_frame, size_t head) : max_frame_(max_frame), head_(head) {}
  void operator()(const FrameEvent& e) {
    switch (e.kind) {
      case FrameEvent::Kind::kFrame:
        check(e.bytes.size() <= max_frame_ && e.bytes.size() == e.total_bytes);
        break;
      case FrameEvent::Kind::kOversized:
        check(e.total_bytes > max_frame_ && e.bytes.size() <= head_);
        break;
      case FrameEvent::Kind::kGarbage:
        check(e.total_bytes > 0 && e.bytes.empty());
        if (!events.empty() && events.back().kind == FrameEvent::Kind::kGarbage) {
          events.back().total += e.total_bytes;
          return;
        }
        break;
    }
    events.push_back({e.kind, std::string(e.bytes), e.total_bytes});
  }
  std::vector<Event> events;

 private:
  size_t max_frame_, head_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  const size_t max_frame = provider.ConsumeIntegralInRange<size_t>(1, 512);
  const size_t head = provider.ConsumeIntegralInRange<size_t>(0, 600);
  const uint32_t seed = provider.ConsumeIntegral<uint32_t>();
  const std::string stream = provider.ConsumeRemainingBytesAsString();

  FrameDecoder whole_decoder(max_frame, head);
  Recorder whole(max_frame, head);
  whole_decoder.feed(stream, whole);

  FrameDecoder chunked_decoder(max_frame, head);
  Recorder chunked(max_frame, head);
  std::minstd_rand rng(seed);
  size_t at = 0;
  while (at < stream.size()) {
    const size_t n = std::min<size_t>(stream.size() - at, rng() % 17);
    chunked_decoder.feed(std::string_view(stream).substr(at, n), chunked);
    at += n;
  }
  check(whole.events == chunked.events);
  check(whole_decoder.in_frame() == chunked_decoder.in_frame());
  return 0;
}
