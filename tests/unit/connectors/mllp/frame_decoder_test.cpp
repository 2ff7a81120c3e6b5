#include "connectors/mllp/frame_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace titrate::mllp {
namespace {

struct Seen {
  FrameEvent::Kind kind;
  std::string bytes;
  size_t total;
};

std::vector<Seen> feed_all(FrameDecoder& decoder, const std::vector<std::string>& reads) {
  std::vector<Seen> seen;
  for (const std::string& r : reads) {
    decoder.feed(r, [&](const FrameEvent& e) {
      seen.push_back({e.kind, std::string(e.bytes), e.total_bytes});
    });
  }
  return seen;
}

TEST(MllpFrameDecoder, OneFrameInOneRead) {
  FrameDecoder d(1024);
  auto seen = feed_all(d, {frame("MSH|a\rPID|b\r")});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].kind, FrameEvent::Kind::kFrame);
  EXPECT_EQ(seen[0].bytes, "MSH|a\rPID|b\r");
  EXPECT_FALSE(d.in_frame());
}

TEST(MllpFrameDecoder, SeveralFramesInOneRead) {
  FrameDecoder d(1024);
  auto seen = feed_all(d, {frame("one") + frame("two") + frame("three")});
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].bytes, "one");
  EXPECT_EQ(seen[1].bytes, "two");
  EXPECT_EQ(seen[2].bytes, "three");
}

TEST(MllpFrameDecoder, FrameSplitAtEveryByte) {
  FrameDecoder d(1024);
  const std::string wire = frame("MSH|split\r") + frame("second");
  std::vector<std::string> reads;
  for (char c : wire) reads.emplace_back(1, c);
  auto seen = feed_all(d, reads);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].bytes, "MSH|split\r");
  EXPECT_EQ(seen[1].bytes, "second");
}

TEST(MllpFrameDecoder, EndBlockSplitFromItsCarriageReturn) {
  FrameDecoder d(1024);
  auto seen = feed_all(d, {"\x0bpayload\x1c", "\r\x0bnext\x1c\r"});
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].bytes, "next");
  for (const Seen& s : seen) EXPECT_NE(s.kind, FrameEvent::Kind::kGarbage);
}

TEST(MllpFrameDecoder, BareEndBlockIsTolerated) {
  FrameDecoder d(1024);
  auto seen = feed_all(d, {"\x0b"
                           "a\x1c\x0b"
                           "b\x1c\r"});
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].bytes, "a");
  EXPECT_EQ(seen[1].bytes, "b");
}

TEST(MllpFrameDecoder, GarbageBeforeAFrameIsCountedAndSkipped) {
  FrameDecoder d(1024);
  auto seen = feed_all(d, {"junk!" + frame("ok")});
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].kind, FrameEvent::Kind::kGarbage);
  EXPECT_EQ(seen[0].total, 5u);
  EXPECT_EQ(seen[1].bytes, "ok");
}

TEST(MllpFrameDecoder, LineBreaksBetweenFramesAreNotGarbage) {
  FrameDecoder d(1024);
  auto seen = feed_all(d, {frame("a") + "\r\n" + frame("b")});
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].kind, FrameEvent::Kind::kFrame);
  EXPECT_EQ(seen[1].kind, FrameEvent::Kind::kFrame);
}

TEST(MllpFrameDecoder, GarbageAloneIsReportedAtTheEndOfTheRead) {
  FrameDecoder d(1024);
  auto seen = feed_all(d, {"GET / HTTP/1.1\r\n"});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].kind, FrameEvent::Kind::kGarbage);
  EXPECT_EQ(seen[0].total, 14u);
}

TEST(MllpFrameDecoder, OversizedFrameKeepsItsHeadAndReportsItsSize) {
  FrameDecoder d(16, 8);
  const std::string big(100, 'x');
  auto seen = feed_all(d, {frame("MSH|" + big), frame("small")});
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].kind, FrameEvent::Kind::kOversized);
  EXPECT_EQ(seen[0].bytes, "MSH|xxxx");
  EXPECT_EQ(seen[0].total, 104u);
  EXPECT_EQ(seen[1].kind, FrameEvent::Kind::kFrame);
  EXPECT_EQ(seen[1].bytes, "small");
}

TEST(MllpFrameDecoder, OversizedFrameSplitAcrossReads) {
  FrameDecoder d(16, 8);
  auto seen = feed_all(d, {"\x0b"
                           "0123456789",
                           "0123456789", "0123456789\x1c\r"});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].kind, FrameEvent::Kind::kOversized);
  EXPECT_EQ(seen[0].bytes, "01234567");
  EXPECT_EQ(seen[0].total, 30u);
}

TEST(MllpFrameDecoder, FrameExactlyAtTheLimitIsAccepted) {
  FrameDecoder d(16);
  auto seen = feed_all(d, {"\x0b"
                           "01234567",
                           "89abcdef\x1c\r"});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].kind, FrameEvent::Kind::kFrame);
  EXPECT_EQ(seen[0].bytes, "0123456789abcdef");
}

TEST(MllpFrameDecoder, InFrameWhileAFrameIsOpen) {
  FrameDecoder d(1024);
  feed_all(d, {"\x0bMSH|"});
  EXPECT_TRUE(d.in_frame());
}

}  // namespace
}  // namespace titrate::mllp
