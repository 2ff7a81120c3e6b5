#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

// The pieces the topic dump and the group-offsets query share: a consumer that never joins its
// group or commits, and a topic's partitions with their watermarks. Errors go to stderr.
namespace titrate::test_support {

struct ReaderDeleter {
  void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
};
using Reader = std::unique_ptr<rd_kafka_t, ReaderDeleter>;

// `group` is only named (assign() and committed() need one); null on error.
Reader make_reader(const std::string& bootstrap, const std::string& group);

struct PartitionRange {
  int64_t low = 0, high = 0;  // first offset and high watermark
};

// Every partition of `topic`; false when the topic does not exist or the broker does not answer.
bool find_partitions(rd_kafka_t* reader, const std::string& topic, int timeout_ms,
                     std::map<int32_t, PartitionRange>& partitions);

}  // namespace titrate::test_support
