#include "s3_sink.h"

#include <chrono>

#include "aws_credentials.h"

namespace connectd {
namespace s3 {

namespace {

using Key = sdk::ConfigDef::Key;

sdk::ConfigDef BuildDef() {
  sdk::ConfigDef def;
  Key part_size = Key::Of("s3.part.size", CD_CONFIG_INT, "26214400", CD_IMPORTANCE_HIGH,
                                      "Objects larger than this many bytes are uploaded in parts of this size "
                                      "(a multipart upload).");
  part_size.range = std::make_pair(5242880.0, 2147483647.0);
  Key flush_size = Key::Of("flush.size", CD_CONFIG_INT, nullptr, CD_IMPORTANCE_HIGH,
                                       "Records written to a partition's objects before they are uploaded.").markRequired();
  flush_size.range = std::make_pair(1.0, 2147483647.0);
  Key concurrency = Key::Of("s3.upload.concurrency", CD_CONFIG_INT, "4", CD_IMPORTANCE_LOW,
                            "connectd: objects a task uploads at once, each over its own connection, while it "
                            "goes on reading records (Confluent's sink uploads one at a time).");
  concurrency.range = std::make_pair(1.0, 64.0);
  Key nulls = Key::Of("behavior.on.null.values", CD_CONFIG_STRING, "fail", CD_IMPORTANCE_LOW,
                                  "Records with a null value (tombstones): fail the task, or ignore them.");
  nulls.valid_values = {"fail", "ignore"};
  def.define(Key::Of("s3.bucket.name", CD_CONFIG_STRING, nullptr, CD_IMPORTANCE_HIGH, "The bucket to write to.").markRequired())
      .define(Key::Of("s3.region", CD_CONFIG_STRING, "us-west-2", CD_IMPORTANCE_MEDIUM,
                  "The bucket's region (the SigV4 signing region)."))
      .define(Key::Of("store.url", CD_CONFIG_STRING, "", CD_IMPORTANCE_HIGH,
                  "The URL of an S3-compatible store (http[s]://host[:port]); empty means AWS."))
      .define(Key::Of("s3.path.style.access.enabled", CD_CONFIG_BOOLEAN, "true", CD_IMPORTANCE_LOW,
                  "Address buckets as <store>/<bucket> instead of <bucket>.<store>."))
      .define(Key::Of("aws.access.key.id", CD_CONFIG_STRING, "", CD_IMPORTANCE_HIGH,
                  "AWS access key id; empty: the AWS_* environment variables, then ~/.aws/credentials."))
      .define(Key::Of("aws.secret.access.key", CD_CONFIG_PASSWORD, "", CD_IMPORTANCE_HIGH, "AWS secret access key."))
      .define(Key::Of("topics.dir", CD_CONFIG_STRING, "topics", CD_IMPORTANCE_HIGH,
                  "Top-level directory of the objects."))
      .define(flush_size)
      .define(Key::Of("rotate.interval.ms", CD_CONFIG_LONG, "-1", CD_IMPORTANCE_HIGH,
                  "Upload when a record's timestamp is this far past the first one of the open objects; -1: off."))
      .define(Key::Of("rotate.schedule.interval.ms", CD_CONFIG_LONG, "-1", CD_IMPORTANCE_MEDIUM,
                  "Upload the open objects at every multiple of this wall-clock interval, counted from the "
                  "start of the day in timezone (required with it); -1: off. Not deterministic: a replay may cut "
                  "objects elsewhere."))
      .define(Key::Of("format.class", CD_CONFIG_CLASS, nullptr, CD_IMPORTANCE_HIGH,
                  "io.confluent.connect.s3.format.json.JsonFormat or "
                  "io.confluent.connect.s3.format.bytearray.ByteArrayFormat.")
                  .markRequired())
      .define(Key::Of("format.bytearray.extension", CD_CONFIG_STRING, ".bin", CD_IMPORTANCE_LOW,
                  "Extension of ByteArrayFormat objects."))
      .define(Key::Of("format.bytearray.separator", CD_CONFIG_STRING, "\n", CD_IMPORTANCE_LOW,
                  "Written after each ByteArrayFormat record."))
      .define(Key::Of("s3.compression.type", CD_CONFIG_STRING, "none", CD_IMPORTANCE_LOW, "none or gzip."))
      .define(Key::Of("s3.compression.level", CD_CONFIG_INT, "-1", CD_IMPORTANCE_LOW,
                  "gzip level, 0 to 9; -1: zlib's default."))
      .define(part_size)
      .define(concurrency)
      .define(Key::Of("s3.part.retries", CD_CONFIG_INT, "3", CD_IMPORTANCE_MEDIUM,
                  "Retries of a failed S3 request (5xx, throttling, connection errors)."))
      .define(Key::Of("s3.retry.backoff.ms", CD_CONFIG_LONG, "200", CD_IMPORTANCE_LOW,
                  "The first retry's backoff; it doubles with each retry."))
      .define(Key::Of("partitioner.class", CD_CONFIG_CLASS, "io.confluent.connect.storage.partitioner.DefaultPartitioner",
                  CD_IMPORTANCE_HIGH,
                  "DefaultPartitioner, FieldPartitioner, TimeBasedPartitioner, HourlyPartitioner or DailyPartitioner "
                  "(in io.confluent.connect.storage.partitioner)."))
      .define(Key::Of("partition.field.name", CD_CONFIG_LIST, "", CD_IMPORTANCE_MEDIUM,
                  "FieldPartitioner: the value fields that name the partition."))
      .define(Key::Of("path.format", CD_CONFIG_STRING, "", CD_IMPORTANCE_MEDIUM,
                  "TimeBasedPartitioner: a Joda-Time pattern, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH."))
      .define(Key::Of("partition.duration.ms", CD_CONFIG_LONG, "-1", CD_IMPORTANCE_MEDIUM,
                  "TimeBasedPartitioner: the length of a partition's time bucket."))
      .define(Key::Of("locale", CD_CONFIG_STRING, "", CD_IMPORTANCE_MEDIUM, "TimeBasedPartitioner: the locale, e.g. en-US."))
      .define(Key::Of("timezone", CD_CONFIG_STRING, "", CD_IMPORTANCE_MEDIUM,
                  "TimeBasedPartitioner and rotate.schedule.interval.ms: the time zone, e.g. UTC or "
                  "America/Los_Angeles."))
      .define(Key::Of("timestamp.extractor", CD_CONFIG_STRING, "Wallclock", CD_IMPORTANCE_MEDIUM,
                  "TimeBasedPartitioner: Wallclock, Record or RecordField."))
      .define(Key::Of("timestamp.field", CD_CONFIG_STRING, "timestamp", CD_IMPORTANCE_MEDIUM,
                  "RecordField: the value field holding the record's time."))
      .define(Key::Of("directory.delim", CD_CONFIG_STRING, "/", CD_IMPORTANCE_LOW, "Between directories of a key."))
      .define(Key::Of("file.delim", CD_CONFIG_STRING, "+", CD_IMPORTANCE_LOW,
                  "Between topic, partition and offset in an object's name."))
      .define(Key::Of("filename.offset.zero.pad.width", CD_CONFIG_INT, "10", CD_IMPORTANCE_LOW,
                  "Digits the start offset is zero-padded to."))
      .define(nulls)
      .define(Key::Of("store.kafka.keys", CD_CONFIG_BOOLEAN, "false", CD_IMPORTANCE_LOW,
                  "Also write each object's record keys, in keys.format.class, to <object>.keys<extension>."))
      .define(Key::Of("store.kafka.headers", CD_CONFIG_BOOLEAN, "false", CD_IMPORTANCE_LOW,
                  "Also write each object's record headers, in headers.format.class, to <object>.headers.json."))
      .define(Key::Of("keys.format.class", CD_CONFIG_CLASS, "io.confluent.connect.s3.format.avro.AvroFormat",
                  CD_IMPORTANCE_LOW,
                  "The keys' format with store.kafka.keys: io.confluent.connect.s3.format.json.JsonFormat or "
                  "io.confluent.connect.s3.format.bytearray.ByteArrayFormat (Confluent's default AvroFormat is not "
                  "supported yet)."))
      .define(Key::Of("headers.format.class", CD_CONFIG_CLASS, "io.confluent.connect.s3.format.avro.AvroFormat",
                  CD_IMPORTANCE_LOW,
                  "The headers' format with store.kafka.headers: io.confluent.connect.s3.format.json.JsonFormat "
                  "(Confluent's default AvroFormat is not supported yet)."));
  return def;
}


// The zone scheduled rotation counts days in: `timezone`, which Confluent requires (with its
// message) when rotate.schedule.interval.ms is set; nullopt when scheduled rotation is off.
std::optional<JodaTimeZone> RotationZone(const sdk::Config& config) {
  if (config.getLong("rotate.schedule.interval.ms") <= 0) return std::nullopt;
  const std::string zone = config.getString("timezone");
  if (zone.empty()) {
    throw sdk::ConnectException("timezone configuration must be set when using rotate.schedule.interval.ms");
  }
  try {
    return JodaTimeZone::ForId(zone);
  } catch (const std::invalid_argument& e) {
    throw sdk::ConnectException(std::string("timezone: ") + e.what());
  }
}

// The keys' or headers' format when `flag` (store.kafka.keys / store.kafka.headers) is true.
std::optional<FormatSettings> PartFormat(const sdk::Config& config, const char* flag, RecordPart part) {
  if (!config.getBool(flag)) return std::nullopt;
  return ReadFormatSettings(config.all(), part);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// ---- connector --------------------------------------------------------------------------

const char* const* S3SinkConnector::aliases() {
  static const char* const kAliases[] = {"io.confluent.connect.s3.S3SinkConnector", nullptr};
  return kAliases;
}

const sdk::ConfigDef& S3SinkConnector::configDef() {
  static const sdk::ConfigDef def = BuildDef();
  return def;
}

void S3SinkConnector::start(const sdk::Config& config, sdk::Context&) {
  config_ = config.all();
  // Refuse a bad layout before any task starts.
  S3ObjectLayout::FromConfig(config_);
  S3Partitioner::Configure(config_);
  ReadFormatSettings(config_);
  PartFormat(config, "store.kafka.keys", RecordPart::kKey);
  PartFormat(config, "store.kafka.headers", RecordPart::kHeaders);
  RotationZone(config);
}

void S3SinkConnector::taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) {
  for (uint32_t i = 0; i < max_tasks; ++i) out.add(config_);
}

// ---- task -------------------------------------------------------------------------------

void S3SinkTask::start(const sdk::Config& config, sdk::Context&) {
  std::map<std::string, std::string> all = config.all();
  context_.bucket = config.getString("s3.bucket.name");
  context_.flush_size = config.getLong("flush.size");
  context_.rotate_interval_ms = config.getLong("rotate.interval.ms");
  context_.rotate_schedule_interval_ms = config.getLong("rotate.schedule.interval.ms");
  context_.rotation_zone = RotationZone(config);
  context_.part_size = static_cast<size_t>(config.getLong("s3.part.size"));
  context_.null_values =
      config.getString("behavior.on.null.values") == "ignore" ? NullValueBehavior::kIgnore : NullValueBehavior::kFail;
  context_.format = ReadFormatSettings(all);
  context_.key_format = PartFormat(config, "store.kafka.keys", RecordPart::kKey);
  context_.header_format = PartFormat(config, "store.kafka.headers", RecordPart::kHeaders);
  context_.layout = S3ObjectLayout::FromConfig(all);
  partitioner_ = std::make_unique<S3Partitioner>(S3Partitioner::Configure(all));
  context_.partitioner = partitioner_.get();

  S3ClientConfig client;
  client.endpoint = config.getString("store.url");
  client.region = config.getString("s3.region");
  client.path_style_access = config.getBool("s3.path.style.access.enabled");
  client.credentials = ResolveAwsCredentials(config.getString("aws.access.key.id"),
                                             config.get("aws.secret.access.key").value_or(""));
  client.part_retries = static_cast<int>(config.getLong("s3.part.retries"));
  client.retry_backoff = std::chrono::milliseconds(config.getLong("s3.retry.backoff.ms"));
  // A missing bucket or refused credentials fail the task now, with S3's code and message.
  S3Client(client).HeadBucket(context_.bucket);
  ObjectUploaderSettings uploads;
  uploads.bucket = context_.bucket;
  uploads.part_size = context_.part_size;
  uploads.concurrency = static_cast<int>(config.getLong("s3.upload.concurrency"));
  uploader_ = std::make_unique<ObjectUploader>(client, uploads);
  context_.uploader = uploader_.get();
}

bool S3SinkTask::valuesAsJson() const {
  return context_.format.format == RecordFormat::kJson && !partitioner_->readsValueFields();
}

TopicPartitionWriter& S3SinkTask::Writer(const std::string& topic, int32_t partition) {
  auto& slot = writers_[{topic, partition}];
  if (slot == nullptr) slot = std::make_unique<TopicPartitionWriter>(topic, partition, context_);
  return *slot;
}

void S3SinkTask::open(const std::vector<sdk::TopicPartition>& partitions) {
  for (const sdk::TopicPartition& tp : partitions) Writer(tp.topic, tp.partition);
}

void S3SinkTask::close(const std::vector<sdk::TopicPartition>& partitions) {
  // What is not uploaded is read again by the partition's next owner, from the committed offset.
  for (const sdk::TopicPartition& tp : partitions) writers_.erase({tp.topic, tp.partition});
}

void S3SinkTask::put(const std::vector<sdk::RecordView>& records) {
  uploader_->ThrowIfFailed();
  const int64_t now = NowMs();
  // Records come in runs of one partition: its writer is looked up once per run.
  TopicPartitionWriter* writer = nullptr;
  std::string_view writer_topic;
  int32_t writer_partition = -1;
  for (const sdk::RecordView& r : records) {
    if (writer == nullptr || r.kafkaPartition() != writer_partition || r.topic() != writer_topic) {
      writer_topic = r.topic();
      writer_partition = r.kafkaPartition();
      writer = &Writer(std::string(writer_topic), writer_partition);
    }
    writer->write(r, now);
  }
  for (auto& entry : writers_) entry.second->rotateIfScheduled(now);
}

void S3SinkTask::flush(sdk::OffsetList& offsets) {
  const int64_t now = NowMs();
  uploader_->ThrowIfFailed();
  for (auto& entry : writers_) entry.second->rotateIfScheduled(now);
  for (size_t i = 0; i < offsets.size(); ++i) {
    sdk::TopicPartition tp;
    offsets.offset(i, &tp);
    auto it = writers_.find({tp.topic, tp.partition});
    offsets.set(i, it == writers_.end() ? -1 : it->second->committedOffset());
  }
}

void S3SinkTask::stop() {
  // Uploads in progress finish, so the final flush commits them; queued ones are dropped.
  if (uploader_ != nullptr) uploader_->Stop();
}

}  // namespace s3
}  // namespace connectd
