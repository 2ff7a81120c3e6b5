#include "tests/support/kafka_topic_dump.h"

#include <librdkafka/rdkafka.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

#include "tests/support/kafka_reader.h"

namespace titrate::test_support {
namespace {

void write_record(const rd_kafka_message_t& message, std::FILE* out) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> json(buffer);
  json.StartObject();
  json.Key("partition");
  json.Int(message.partition);
  json.Key("offset");
  json.Int64(message.offset);
  json.Key("key");
  json.String(static_cast<const char*>(message.key),
              static_cast<rapidjson::SizeType>(message.key_len));
  json.Key("headers");
  json.StartObject();
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0; !rd_kafka_header_get_all(headers, i, &name, &value, &size); ++i) {
      json.Key(name);
      json.String(static_cast<const char*>(value), static_cast<rapidjson::SizeType>(size));
    }
  }
  json.EndObject();
  json.Key("value");
  json.String(static_cast<const char*>(message.payload),
              static_cast<rapidjson::SizeType>(message.len));
  json.EndObject();
  std::fprintf(out, "%s\n", buffer.GetString());
}

}  // namespace

bool dump_topic(const std::string& bootstrap, const std::string& topic,
                std::chrono::milliseconds timeout, std::FILE* out) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // assign() needs a group id; the group is never joined and nothing is committed.
  Reader reader = make_reader(bootstrap, "titrate-kafka-mock-dump");
  if (!reader) return false;
  std::map<int32_t, PartitionRange> partitions;
  if (!find_partitions(reader.get(), topic, static_cast<int>(timeout.count()), partitions)) {
    return false;
  }
  std::map<int32_t, int64_t> ends;  // partition -> high watermark, for those holding records
  for (const auto& [partition, range] : partitions) {
    if (range.high > range.low) ends[partition] = range.high;
  }

  rd_kafka_topic_partition_list_t* assignment =
      rd_kafka_topic_partition_list_new(static_cast<int>(ends.size()));
  for (const auto& [partition, high] : ends) {
    rd_kafka_topic_partition_list_add(assignment, topic.c_str(), partition)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_resp_err_t err = rd_kafka_assign(reader.get(), assignment);
  rd_kafka_topic_partition_list_destroy(assignment);
  if (err) {
    std::fprintf(stderr, "dump: assign %s: %s\n", topic.c_str(), rd_kafka_err2str(err));
    return false;
  }
  while (!ends.empty() && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(reader.get(), 100);
    if (!message) continue;
    if (!message->err) {
      write_record(*message, out);
      auto end = ends.find(message->partition);
      if (end != ends.end() && message->offset + 1 >= end->second) ends.erase(end);
    }
    rd_kafka_message_destroy(message);
  }
  std::fflush(out);
  rd_kafka_consumer_close(reader.get());
  if (!ends.empty()) {
    std::fprintf(stderr, "dump: timed out reading %s (%zu partitions not at their end)\n",
                 topic.c_str(), ends.size());
    return false;
  }
  return true;
}

}  // namespace titrate::test_support
