// SourceTaskRunner: poll -> transforms -> converters -> librdkafka producer, for one source task.
// Offsets are staged in the offset store only once Kafka acknowledged the record and every
// earlier record of its source partition, and flushed every offset.flush.interval.ms and at
// shutdown. Back-pressure: when the producer queue is full or too many records are unacknowledged,
// the loop stops polling the plugin until deliveries catch up.
//
// Threading: two threads per task, so that reading the source overlaps converting and producing.
// The task thread makes every call into the plugin (poll, commit, record acknowledgements) and
// stores offsets; it hands each polled batch, in order, to the send thread through a bounded
// queue. The send thread applies transforms and converters, produces, and serves the producer's
// delivery reports; the transforms, converters and their buffers are its alone. What both
// threads touch is the queue state under queue_mutex_ and SubmittedRecords (which locks).
#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "runtime/submitted_records.h"
#include "runtime/task_runner.h"

namespace connectd {

class SourceTaskRunner final : public TaskRunner {
 public:
  explicit SourceTaskRunner(TaskSpec spec) : TaskRunner(std::move(spec)) {}
  ~SourceTaskRunner() override {
    RequestStop();
    Join();
  }

 private:
  using Batch = std::vector<std::unique_ptr<ConnectRecord>>;

  void Run() override;
  Status CreateProducer();
  // Task thread: hands a polled batch to the send thread, waiting while the queue is full. When
  // the task is stopping or the send thread failed, the batch is dropped unsubmitted: its
  // offsets are never committed and it is read again after a restart.
  void Enqueue(Batch batch);
  // Task thread: lets the send thread finish the queued batches, then joins it.
  void StopSender();
  // The send thread's first failure; OK while it runs well. Any thread.
  Status SendFailure();
  // Send thread: sends the queued batches in order until StopSender or a failure.
  void SendLoop();
  // Send thread: transforms, converts and produces one record, moving its offset out.
  Status Send(ConnectRecord& record);
  // Send thread: the producer's handle for `topic`, owned by topics_ (created on first use); null
  // when librdkafka refuses the topic (rd_kafka_last_error() says why).
  rd_kafka_topic_t* TopicHandle(const std::string& topic);
  // Task thread, after the send thread was joined: releases topics_ before the producer goes.
  void DestroyTopicHandles();
  // Send thread: gives sent batches back to the task thread, which allocated their records.
  void ReturnSpent(std::deque<Batch>& batches);
  // Task thread: frees the records the send thread is done with. Records are freed on the
  // thread that allocated them: glibc's malloc makes a free from another thread contend for the
  // allocating thread's arena, which doubled the CPU of a CDC stream.
  void FreeSpent();
  // Task thread: moves acknowledged offsets to the offset store (staged).
  Status CollectAcknowledged();
  // Task thread: collects, then makes the store durable and tells the plugin.
  Status CommitOffsets();
  // Delivery reports: on the send thread while it runs, on the task thread after it was joined.
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);

  rd_kafka_t* producer_ = nullptr;
  SubmittedRecords submitted_;
  std::string delivery_error_;  // first permanent delivery failure (delivery report thread)

  std::mutex queue_mutex_;
  std::condition_variable batch_available_;  // the send thread waits on it
  std::condition_variable room_available_;   // the task thread waits on it
  std::deque<Batch> queue_;      // polled batches not yet taken by the send thread
  std::deque<Batch> spent_;      // sent (or dropped) batches for the task thread to free
  size_t queued_records_ = 0;    // records in queue_
  bool sender_waiting_ = false;
  bool poller_waiting_ = false;
  std::atomic<bool> sender_stopping_{false};  // no more batches will come
  Status send_failure_;          // first failure of the send thread
  std::thread sender_;

  // Send thread only.
  bool dropping_ = false;   // stopping with the producer queue full: the rest is dropped
  std::string last_topic_;  // the topic of the last record, to look its handle up once per topic change
  rd_kafka_topic_t* last_topic_handle_ = nullptr;
  // Every topic produced to, by name: producing through a handle skips producev's lookup by name,
  // and creating one is when TopicHandle asks for the topic's metadata.
  std::unordered_map<std::string, rd_kafka_topic_t*> topics_;
  bool prefetch_metadata_ = true;  // false once a metadata request timed out
  std::string key_buffer_;
  std::string value_buffer_;
  ErrorContext send_where_;  // Send's, reused: assigning the topic then allocates nothing
};

}  // namespace connectd
