/*
 * kafka_offsets: reads offsets from a Kafka cluster for tests and benchmarks, without joining a
 * consumer group (so it never disturbs the group it inspects) and without consuming data.
 *
 * Usage:
 *   kafka_offsets committed BOOTSTRAP GROUP TOPIC
 *       prints "PARTITION OFFSET" per partition of TOPIC: the group's committed offset, or -1
 *       when the group has committed nothing for that partition
 *   kafka_offsets end BOOTSTRAP TOPIC
 *       prints the sum of the high watermarks of every partition of TOPIC (the number of
 *       messages ever appended, whatever the broker's retention has dropped since)
 *   kafka_offsets start BOOTSTRAP TOPIC
 *       prints the sum of the low watermarks of every partition of TOPIC: the number of messages
 *       the broker's retention has dropped (the mock cluster keeps about 5 MB per partition)
 *   kafka_offsets wait-end BOOTSTRAP TOPIC COUNT TIMEOUT_MS
 *       polls every 20 ms until that sum reaches COUNT; exits 0 when it does and 1 when
 *       TIMEOUT_MS passes first (printing the last sum either way). One poll asks every partition
 *       in turn: at 5 ms with 64 partitions it took a third of a core from the benchmarks it timed.
 *
 * Exit codes: 0 success, 1 timeout or Kafka error (message on stderr), 2 usage error.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#define REQUEST_TIMEOUT_MS 5000

static void usage(void) {
    fprintf(stderr,
            "usage: kafka_offsets committed BOOTSTRAP GROUP TOPIC\n"
            "       kafka_offsets end BOOTSTRAP TOPIC\n"
            "       kafka_offsets start BOOTSTRAP TOPIC\n"
            "       kafka_offsets wait-end BOOTSTRAP TOPIC COUNT TIMEOUT_MS\n");
}

static long long monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000LL + now.tv_nsec / 1000000L;
}

static int parse_count(const char *text, long long *out) {
    char *end = NULL;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 0)
        return -1;
    *out = value;
    return 0;
}

/* A consumer handle is needed for committed(); group.id is only sent in OffsetFetch. */
static rd_kafka_t *connect_consumer(const char *bootstrap, const char *group) {
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, errstr, sizeof(errstr)) !=
            RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "group.id", group, errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof(errstr)) !=
            RD_KAFKA_CONF_OK) {
        fprintf(stderr, "kafka_offsets: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof(errstr));
    if (rk == NULL)
        fprintf(stderr, "kafka_offsets: cannot create a client: %s\n", errstr);
    return rk;
}

/* Returns the partition count of topic, or -1 after printing why. */
static int partition_count(rd_kafka_t *rk, const char *topic) {
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    const struct rd_kafka_metadata *metadata = NULL;
    rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &metadata, REQUEST_TIMEOUT_MS);
    rd_kafka_topic_destroy(rkt);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fprintf(stderr, "kafka_offsets: metadata for topic '%s': %s\n", topic, rd_kafka_err2str(err));
        return -1;
    }
    int count = -1;
    if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR)
        count = metadata->topics[0].partition_cnt;
    else
        fprintf(stderr, "kafka_offsets: topic '%s': %s\n", topic,
                metadata->topic_cnt == 1 ? rd_kafka_err2str(metadata->topics[0].err) : "not found");
    rd_kafka_metadata_destroy(metadata);
    return count;
}

static int print_committed(rd_kafka_t *rk, const char *topic) {
    int partitions = partition_count(rk, topic);
    if (partitions < 0)
        return 1;
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; p++)
        rd_kafka_topic_partition_list_add(list, topic, p);
    rd_kafka_resp_err_t err = rd_kafka_committed(rk, list, REQUEST_TIMEOUT_MS);
    int rc = 0;
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fprintf(stderr, "kafka_offsets: committed offsets of topic '%s': %s\n", topic,
                rd_kafka_err2str(err));
        rc = 1;
    } else {
        for (int i = 0; i < list->cnt; i++) {
            const rd_kafka_topic_partition_t *tp = &list->elems[i];
            printf("%" PRId32 " %" PRId64 "\n", tp->partition, tp->offset < 0 ? (int64_t)-1 : tp->offset);
        }
    }
    rd_kafka_topic_partition_list_destroy(list);
    return rc;
}

/* Sums the high (or, when `low_side`, the low) watermarks of the first `partitions` partitions;
 * -1 on error. */
static long long sum_watermarks(rd_kafka_t *rk, const char *topic, int partitions, int low_side) {
    long long sum = 0;
    for (int p = 0; p < partitions; p++) {
        int64_t low = 0;
        int64_t high = 0;
        rd_kafka_resp_err_t err =
            rd_kafka_query_watermark_offsets(rk, topic, p, &low, &high, REQUEST_TIMEOUT_MS);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fprintf(stderr, "kafka_offsets: watermarks of %s-%d: %s\n", topic, p, rd_kafka_err2str(err));
            return -1;
        }
        sum += low_side ? low : high;
    }
    return sum;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage();
        return 2;
    }
    const char *command = argv[1];
    int committed = strcmp(command, "committed") == 0 && argc == 5;
    int end = strcmp(command, "end") == 0 && argc == 4;
    int start = strcmp(command, "start") == 0 && argc == 4;
    int wait_end = strcmp(command, "wait-end") == 0 && argc == 6;
    if (!committed && !end && !start && !wait_end) {
        usage();
        return 2;
    }
    long long target = 0;
    long long timeout_ms = 0;
    if (wait_end && (parse_count(argv[4], &target) != 0 || parse_count(argv[5], &timeout_ms) != 0)) {
        usage();
        return 2;
    }

    rd_kafka_t *rk = connect_consumer(argv[2], committed ? argv[3] : "kafka_offsets");
    if (rk == NULL)
        return 1;
    int rc = 0;
    if (committed) {
        rc = print_committed(rk, argv[4]);
    } else {
        const char *topic = argv[3];
        long long deadline = monotonic_ms() + timeout_ms;
        int partitions = partition_count(rk, topic);
        long long sum = partitions < 0 ? -1 : sum_watermarks(rk, topic, partitions, start);
        const struct timespec tick = {0, 20 * 1000000L};
        while (wait_end && sum >= 0 && sum < target && monotonic_ms() < deadline) {
            nanosleep(&tick, NULL);
            sum = sum_watermarks(rk, topic, partitions, 0);
        }
        if (sum < 0) {
            rc = 1;
        } else {
            printf("%lld\n", sum);
            rc = (wait_end && sum < target) ? 1 : 0;
        }
    }
    rd_kafka_destroy(rk);
    return rc;
}
