#include "connectors/kafka/kafka_producer.h"

#include <librdkafka/rdkafka.h>

#include <condition_variable>
#include <mutex>

#include "connectors/kafka/kafka_conf.h"
#include "gateway/bus/bus.h"
#include "gateway/log/log.h"

namespace titrate::kafka {

// The records of one send(): librdkafka's delivery reports count it down.
struct KafkaProducer::Batch {
  std::mutex mutex;
  std::condition_variable done;
  size_t outstanding = 0;
  RdKafka::ErrorCode error = RdKafka::ERR_NO_ERROR;
  std::string error_topic;
};

namespace {

std::string describe(RdKafka::ErrorCode code) {
  return std::string(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(code))) + ": " +
         RdKafka::err2str(code);
}

}  // namespace

KafkaProducer::KafkaProducer(const KafkaOptions& options, BrokerHealth& health) : health_(health) {
  auto conf = make_producer_conf(options, &health, this);
  std::string error;
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!producer_) throw bus::BusError("cannot create the Kafka producer: " + error);
  poller_ = std::thread([this] { serve_deliveries(); });
}

KafkaProducer::~KafkaProducer() {
  if (producer_->flush(10000) != RdKafka::ERR_NO_ERROR) {
    TITRATE_LOG_WARN("kafka: %d records still undelivered at shutdown", producer_->outq_len());
  }
  stopping_ = true;
  poller_.join();
}

void KafkaProducer::serve_deliveries() {
  while (!stopping_.load(std::memory_order_relaxed)) producer_->poll(100);
}

void KafkaProducer::dr_cb(RdKafka::Message& message) {
  auto* batch = static_cast<Batch*>(message.msg_opaque());
  if (message.err() == RdKafka::ERR_NO_ERROR) health_.mark_reachable();
  std::lock_guard lock(batch->mutex);
  if (message.err() != RdKafka::ERR_NO_ERROR && batch->error == RdKafka::ERR_NO_ERROR) {
    batch->error = message.err();
    batch->error_topic = message.topic_name();
  }
  if (--batch->outstanding == 0) batch->done.notify_all();
}

RdKafka::ErrorCode KafkaProducer::enqueue(const OutgoingRecord& record, Batch* batch) {
  for (;;) {
    RdKafka::Headers* headers = nullptr;
    if (!record.headers.empty()) {
      headers = RdKafka::Headers::create();
      for (const auto& [name, value] : record.headers) headers->add(name, value);
    }
    RdKafka::ErrorCode code = producer_->produce(
        record.topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
        const_cast<char*>(record.value.data()), record.value.size(), record.key.data(),
        record.key.size(), 0, headers, batch);
    if (code == RdKafka::ERR_NO_ERROR) return code;
    delete headers;  // left to the caller when produce() refuses the record
    if (code != RdKafka::ERR__QUEUE_FULL) return code;
    // Serves delivery reports (the poller thread may take them first, hence the short wait).
    producer_->poll(10);
  }
}

void KafkaProducer::send(const std::vector<OutgoingRecord>& records) {
  if (records.empty()) return;
  Batch batch;
  batch.outstanding = records.size();
  for (size_t i = 0; i < records.size(); ++i) {
    RdKafka::ErrorCode code = enqueue(records[i], &batch);
    if (code == RdKafka::ERR_NO_ERROR) continue;
    std::lock_guard lock(batch.mutex);
    batch.outstanding -= records.size() - i;
    batch.error = code;
    batch.error_topic = records[i].topic;
    break;
  }
  // Every enqueued record gets exactly one delivery report (librdkafka times a record out after
  // delivery.timeout.ms), so the batch outlives its last use by dr_cb.
  std::unique_lock lock(batch.mutex);
  batch.done.wait(lock, [&] { return batch.outstanding == 0; });
  if (batch.error == RdKafka::ERR_NO_ERROR) return;
  std::string reason = describe(batch.error);
  std::string fatal;
  if (producer_->fatal_error(fatal) != RdKafka::ERR_NO_ERROR) reason += " (fatal: " + fatal + ")";
  throw bus::BusError("Kafka delivery to " + batch.error_topic + " failed: " + reason);
}

void KafkaProducer::check_reachable(std::chrono::milliseconds timeout) {
  RdKafka::Metadata* metadata = nullptr;
  RdKafka::ErrorCode code =
      producer_->metadata(false, nullptr, &metadata, static_cast<int>(timeout.count()));
  delete metadata;
  if (code == RdKafka::ERR_NO_ERROR) {
    health_.mark_reachable();
    return;
  }
  std::string reason = health_.last_error();
  if (reason.empty()) reason = describe(code);
  throw bus::BusError("cannot reach Kafka at " + health_.bootstrap_servers() + ": " + reason);
}

}  // namespace titrate::kafka
