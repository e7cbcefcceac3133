#include "object_uploader.h"

namespace connectd {
namespace s3 {

ObjectUploader::ObjectUploader(const S3ClientConfig& client, ObjectUploaderSettings settings)
    : settings_(std::move(settings)) {
  const int workers = settings_.concurrency < 1 ? 1 : settings_.concurrency;
  for (int i = 0; i < workers; ++i) clients_.push_back(std::make_unique<S3Client>(client));
  for (auto& worker_client : clients_) workers_.emplace_back([this, c = worker_client.get()] { Work(*c); });
}

ObjectUploader::~ObjectUploader() { Stop(); }

void ObjectUploader::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  work_available_.notify_all();
  space_available_.notify_all();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

std::shared_ptr<UploadTicket> ObjectUploader::Submit(const std::string& where, std::vector<FinishedObject> objects) {
  auto ticket = std::make_shared<UploadTicket>(static_cast<int>(objects.size()));
  for (FinishedObject& object : objects) {
    std::unique_lock<std::mutex> lock(mutex_);
    space_available_.wait(lock, [this] {
      return queue_.size() < workers_.size() || !failure_.empty() || stopping_;
    });
    if (!failure_.empty()) throw sdk::ConnectException(failure_);
    if (stopping_) throw sdk::ConnectException(where + ": the S3 uploader is stopped");
    queue_.push_back(Job{where, std::move(object), ticket});
    lock.unlock();
    work_available_.notify_one();
  }
  return ticket;
}

void ObjectUploader::ThrowIfFailed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!failure_.empty()) throw sdk::ConnectException(failure_);
}

void ObjectUploader::Work(S3Client& client) {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_available_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      // After a failure nothing more is sent: the task fails, and its successor rewrites it all.
      if (!failure_.empty() || job.ticket->cancelled()) continue;
    }
    space_available_.notify_one();
    try {
      Upload(client, job.object);
      job.ticket->objectUploaded();
    } catch (const std::exception& e) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (failure_.empty()) failure_ = job.where + ": " + e.what();
      }
      space_available_.notify_all();
    }
  }
}

void ObjectUploader::Upload(S3Client& client, const FinishedObject& object) const {
  const std::string& bytes = object.bytes;
  if (bytes.size() <= settings_.part_size) {
    client.PutObject(settings_.bucket, object.key, bytes, object.content_type);
    return;
  }
  std::string upload_id = client.CreateMultipartUpload(settings_.bucket, object.key, object.content_type);
  try {
    std::vector<CompletedPart> parts;
    for (size_t at = 0; at < bytes.size(); at += settings_.part_size) {
      int number = static_cast<int>(parts.size()) + 1;
      std::string_view part(bytes.data() + at, std::min(settings_.part_size, bytes.size() - at));
      parts.push_back(CompletedPart{number, client.UploadPart(settings_.bucket, object.key, upload_id, number, part)});
    }
    client.CompleteMultipartUpload(settings_.bucket, object.key, upload_id, parts);
  } catch (const std::exception&) {
    // Leave no half-uploaded parts behind (they are billed and invisible); the records are
    // uploaded again by the restarted task.
    try {
      client.AbortMultipartUpload(settings_.bucket, object.key, upload_id);
    } catch (const std::exception&) {
    }
    throw;
  }
}

}  // namespace s3
}  // namespace connectd
