#include "tests/support/kafka_group_offsets.h"

#include <librdkafka/rdkafka.h>

#include <map>

#include "tests/support/kafka_reader.h"

namespace titrate::test_support {

bool print_group_offsets(const std::string& bootstrap, const std::string& group,
                         const std::string& topic, std::chrono::milliseconds timeout,
                         std::FILE* out) {
  Reader reader = make_reader(bootstrap, group);
  if (!reader) return false;
  const int timeout_ms = static_cast<int>(timeout.count());
  std::map<int32_t, PartitionRange> ranges;
  if (!find_partitions(reader.get(), topic, timeout_ms, ranges)) return false;

  rd_kafka_topic_partition_list_t* positions =
      rd_kafka_topic_partition_list_new(static_cast<int>(ranges.size()));
  for (const auto& [partition, range] : ranges) {
    rd_kafka_topic_partition_list_add(positions, topic.c_str(), partition);
  }
  rd_kafka_resp_err_t err = rd_kafka_committed(reader.get(), positions, timeout_ms);
  if (err) {
    std::fprintf(stderr, "offsets: committed offsets of %s: %s\n", group.c_str(),
                 rd_kafka_err2str(err));
  }
  for (int i = 0; !err && i < positions->cnt; ++i) {
    const rd_kafka_topic_partition_t& position = positions->elems[i];
    std::fprintf(out, "{\"partition\":%d,\"committed\":%lld,\"end\":%lld}\n", position.partition,
                 static_cast<long long>(position.offset < 0 ? -1 : position.offset),
                 static_cast<long long>(ranges[position.partition].high));
  }
  rd_kafka_topic_partition_list_destroy(positions);
  std::fflush(out);
  return !err;
}

}  // namespace titrate::test_support
