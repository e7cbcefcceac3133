// Uploads a task's finished objects on background threads, so the task thread goes on reading
// and formatting records while earlier objects travel to S3 (with uploads inside put(), consuming
// and uploading never overlapped and the sink ran at a fraction of the store's speed).
//
// Objects are submitted in groups, one group per commit of a topic-partition (its open objects);
// the group's UploadTicket is done once every object of it is in S3. Tickets of one partition may
// finish out of order; the writer advances its committed offset only across a prefix of done
// tickets, so an offset is never committed before everything below it is uploaded.
//
// An object above the part size goes up as a multipart upload, which is aborted when it fails.
// The first failure (after the client's own retries) is kept: later objects are dropped unsent
// and ThrowIfFailed() rethrows it on the task thread, naming the topic, partition, offsets and
// S3's error; nothing after the failed object is committed, so a restarted task writes it again.
//
// Threading: Submit, ThrowIfFailed and Stop are called from the task thread only. UploadTicket is
// shared with the workers; its members are safe from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "s3_client.h"

namespace connectd {
namespace s3 {

// One submitted group of objects.
class UploadTicket {
 public:
  explicit UploadTicket(int objects) : remaining_(objects) {}
  // True once every object of the group is uploaded.
  bool done() const { return remaining_.load(std::memory_order_acquire) == 0; }
  // Objects of a cancelled group that are not being uploaded yet are dropped (the partition was
  // revoked; its next owner writes them again).
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  void objectUploaded() { remaining_.fetch_sub(1, std::memory_order_acq_rel); }

 private:
  std::atomic<int> remaining_;
  std::atomic<bool> cancelled_{false};
};

struct FinishedObject {
  std::string key;
  std::string bytes;
  std::string content_type;
};

struct ObjectUploaderSettings {
  std::string bucket;
  size_t part_size = 26214400;  // s3.part.size
  int concurrency = 4;          // s3.upload.concurrency: worker threads, each with its own client
};

class ObjectUploader {
 public:
  // Starts `settings.concurrency` workers, each with an S3Client of `client` (nothing is sent
  // until the first Submit). Throws sdk::ConnectException for an invalid endpoint.
  ObjectUploader(const S3ClientConfig& client, ObjectUploaderSettings settings);
  // Stop()s.
  ~ObjectUploader();
  ObjectUploader(const ObjectUploader&) = delete;
  ObjectUploader& operator=(const ObjectUploader&) = delete;

  // Queues `objects` (at least one); `where` names their topic, partition and offsets for error
  // messages. Blocks while as many objects wait as there are workers (this bounds the memory
  // held to about twice `concurrency` objects). Throws what ThrowIfFailed throws.
  std::shared_ptr<UploadTicket> Submit(const std::string& where, std::vector<FinishedObject> objects);
  // Rethrows the first upload failure as sdk::ConnectException; returns when there was none.
  void ThrowIfFailed() const;
  // Drops the objects not yet being uploaded and waits for those that are. Idempotent; Submit
  // must not be called afterwards.
  void Stop();

 private:
  struct Job {
    std::string where;
    FinishedObject object;
    std::shared_ptr<UploadTicket> ticket;
  };
  void Work(S3Client& client);
  void Upload(S3Client& client, const FinishedObject& object) const;

  const ObjectUploaderSettings settings_;
  std::vector<std::unique_ptr<S3Client>> clients_;
  std::vector<std::thread> workers_;
  mutable std::mutex mutex_;
  std::condition_variable work_available_;
  std::condition_variable space_available_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::string failure_;  // the first failure's message; "" while none
};

}  // namespace s3
}  // namespace connectd
