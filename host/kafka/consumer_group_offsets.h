// A sink connector's offsets are the committed offsets of its consumer group (`connect-<name>`, or
// the connector's consumer.override.group.id): this reads, alters and resets them for the offsets
// REST API (KIP-875: GET, PATCH and DELETE /connectors/{name}/offsets while the connector is
// STOPPED), and converts them from and to that API's JSON shape,
//   {"partition": {"kafka_partition": 0, "kafka_topic": "t"}, "offset": {"kafka_offset": 42}}.
//
// Threading: every function may be called from any thread. The Kafka calls block for at most
// about `timeout_ms` and each creates and destroys its own librdkafka client.
//
// Kafka's brokers refuse to change the offsets of a group that still has members (a sink task that
// has not stopped yet, or a zombie): AlterGroupOffsets and ResetGroupOffsets then fail with
// Status::Failed saying so, and the group keeps the offsets it had.
//
// What librdkafka's mock cluster (connectd's embedded Kafka) cannot do, and why it is detected:
//   - it has neither DeleteGroups nor OffsetDelete, so it cannot forget committed offsets;
//     librdkafka 2.0.2 aborts the whole process (an assertion, fixed in 2.10) when a group admin
//     request meets a broker without its API. Before deleting anything, the cluster id is checked:
//     a mock cluster ("mockCluster...") makes ResetGroupOffsets and a null offset in
//     AlterGroupOffsets fail with Status::Failed, before any offset is changed. A real broker
//     older than Kafka 2.4 (no OffsetDelete) is not detected and is not supported.
//   - it keeps a group that ever had members for as long as it runs and refuses every commit from
//     outside the group (no member id, generation -1) with UNKNOWN_MEMBER_ID from then on, as a
//     real broker does only while members are active; it cannot describe groups, so that answer
//     alone cannot tell a remembered group from an active one. On a mock cluster only, that refusal
//     makes AlterGroupOffsets commit as a temporary member instead: it joins the group subscribed to
//     the entries' topics (no auto-commit, no stored positions, its assignment paused so it fetches
//     nothing), commits exactly the given offsets once it was assigned every partition of those
//     topics, and leaves. An assignment missing any of them means another member holds it: Failed,
//     "still has active members", nothing committed. The mock holds a join up for almost the
//     members' session.timeout.ms (45 s by default) while a group with members rebalances and after
//     its last member left, so an alteration soon after the connector stopped, or while a member is
//     active, fails with Retriable when `timeout_ms` runs out first. A member subscribed only to
//     other topics, or given none of a one-partition topic's partitions by its assignor, is not
//     detected. The temporary member uses a 6 s session so the group is free soon after it leaves,
//     and the worker's consumer settings: a connector whose consumers override
//     partition.assignment.strategy, and is still active, makes librdkafka 2.0.2's mock abort the
//     process (it asserts that all members share the leader's first strategy).
//     A real broker's refusal (UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS...) always means active
//     members there, so it never joins one.
//   - asking it for "every committed offset of a group" silently answers none, so
//     ListGroupOffsets asks for the committed offset of every partition of every topic in the
//     cluster's metadata instead, which real brokers answer the same way. The difference on a
//     real broker: one larger request (all partitions of the cluster) instead of a small one.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config_map.h"
#include "error/status.h"

namespace connectd {

// One partition of a consumer group and its committed offset (the next offset to consume).
// An empty `offset` means "no committed offset": in AlterGroupOffsets it deletes that partition's
// committed offset, so the group's consumers restart it from auto.offset.reset.
struct TopicPartitionOffset {
  std::string topic;
  int32_t partition = 0;
  std::optional<int64_t> offset;
};

// `client_config` holds librdkafka properties: bootstrap.servers (required) plus the worker's
// consumer/admin client overrides with their prefix stripped (security settings, client.id...).
// A missing bootstrap.servers or an invalid property fails with InvalidArgument naming it; a
// cluster that does not answer within `timeout_ms` fails with Retriable.

// Every committed offset of `group`, sorted by topic then partition; empty when the group has
// none (or does not exist). `out` is replaced.
Status ListGroupOffsets(const ConfigMap& client_config, const std::string& group, int timeout_ms,
                        std::vector<TopicPartitionOffset>* out);

// Commits the given offsets for `group` and deletes the committed offsets of the entries without
// one; other partitions keep theirs. Preconditions: each partition appears at most once, offsets
// and partitions are >= 0 (ParseSinkOffsets ensures both; otherwise InvalidArgument). An empty
// list succeeds without contacting Kafka. Deleting offsets of a group that does not exist
// succeeds. The commits are applied before the deletions, and one that fails stops the rest.
Status AlterGroupOffsets(const ConfigMap& client_config, const std::string& group,
                         const std::vector<TopicPartitionOffset>& offsets, int timeout_ms);

// Forgets every committed offset of `group` by deleting the group, as Kafka Connect does; a group
// that does not exist is already reset, so that succeeds too.
Status ResetGroupOffsets(const ConfigMap& client_config, const std::string& group, int timeout_ms);

// Parses and validates the "offsets" array of a PATCH /connectors/{name}/offsets body for a sink
// connector, with Kafka Connect's messages for the cases it rejects. Each entry is
// {"partition": {"kafka_topic": T, "kafka_partition": P}, "offset": {"kafka_offset": O} | null};
// P and O may be JSON integers or strings holding one (as Kafka accepts "10"), T a string (or a
// number or boolean, taken as its text, as Kafka does); a missing or null "offset" deletes that
// partition's committed offset. Unknown keys are ignored. Beyond Kafka, negative partitions and
// offsets are rejected here rather than by the broker or the admin client.
// On success `out` is replaced by the entries sorted by topic then partition, one per partition
// (the last entry for a partition wins, as in Kafka's map of offsets). Otherwise InvalidArgument
// whose message starts with "offsets[<index>]: " (the entry's position in the array); an empty or
// non-array value fails with Kafka's "Partitions / offsets need to be provided for an alter
// offsets request".
Status ParseSinkOffsets(const rapidjson::Value& offsets_array, std::vector<TopicPartitionOffset>* out);

// The REST shape of `offsets` (GET /connectors/{name}/offsets' "offsets" array), in their order,
// keys in the order Kafka Connect writes them; an empty `offset` is written as null. The
// returned array's strings are copied into `allocator`.
rapidjson::Value SinkOffsetsToJson(const std::vector<TopicPartitionOffset>& offsets,
                                   rapidjson::Document::AllocatorType& allocator);

}  // namespace connectd
