#include "tests/support/kafka_reader.h"

#include <cstdio>
#include <utility>

namespace titrate::test_support {

Reader make_reader(const std::string& bootstrap, const std::string& group) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [name, value] :
       {std::pair{"bootstrap.servers", bootstrap.c_str()}, std::pair{"group.id", group.c_str()},
        std::pair{"enable.auto.commit", "false"}, std::pair{"log_level", "3"}}) {
    if (rd_kafka_conf_set(conf, name, value, error, sizeof error) != RD_KAFKA_CONF_OK) {
      std::fprintf(stderr, "%s=%s: %s\n", name, value, error);
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (!handle) {
    std::fprintf(stderr, "rd_kafka_new: %s\n", error);
    rd_kafka_conf_destroy(conf);
    return nullptr;
  }
  rd_kafka_poll_set_consumer(handle);
  return Reader(handle);
}

bool find_partitions(rd_kafka_t* reader, const std::string& topic, int timeout_ms,
                     std::map<int32_t, PartitionRange>& partitions) {
  // All topics: asking for one by name would have the broker create it.
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(reader, 1, nullptr, &metadata, timeout_ms);
  if (err) {
    std::fprintf(stderr, "metadata: %s\n", rd_kafka_err2str(err));
    return false;
  }
  const rd_kafka_metadata_topic_t* found = nullptr;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    if (topic == metadata->topics[i].topic) found = &metadata->topics[i];
  }
  bool ok = found && !found->err;
  if (!ok) {
    std::fprintf(stderr, "topic %s: %s\n", topic.c_str(),
                 rd_kafka_err2str(found ? found->err : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART));
  }
  for (int i = 0; ok && i < found->partition_cnt; ++i) {
    const int32_t partition = found->partitions[i].id;
    PartitionRange& range = partitions[partition];
    err = rd_kafka_query_watermark_offsets(reader, topic.c_str(), partition, &range.low,
                                           &range.high, timeout_ms);
    if (err) {
      std::fprintf(stderr, "watermarks of %s[%d]: %s\n", topic.c_str(), partition,
                   rd_kafka_err2str(err));
      ok = false;
    }
  }
  rd_kafka_metadata_destroy(metadata);
  return ok;
}

}  // namespace titrate::test_support
