/*
 * mock_broker: a stand-alone Kafka protocol server for integration tests and benchmarks.
 *
 * It runs librdkafka's in-process mock cluster (rdkafka_mock.h) inside its own process so that
 * connectd, kcat and the test scripts talk to it over real TCP exactly as they would to a broker.
 *
 * Usage: mock_broker [--brokers N] [--topic NAME:PARTITIONS]... [--down-ms MS]
 *   --brokers N            number of brokers in the cluster (default 1)
 *   --topic NAME:PARTS     create the topic up front (repeatable); other topics are auto-created
 *                          with the mock's defaults on first use
 *   --down-ms MS           every broker starts down (connections refused/closed) and comes up
 *                          after MS milliseconds; used to test clients that start before Kafka
 *
 * Contract: once the cluster listens, the bootstrap servers ("127.0.0.1:P1,127.0.0.1:P2") are
 * printed on one stdout line and stdout is flushed, so a parent can read that line and go on.
 * Runs until SIGTERM or SIGINT, then destroys the cluster and exits 0. Any usage or setup error
 * is reported on stderr with exit code 2.
 *
 * Note the mock's retention: each partition keeps at most ~5 MB (older message sets are
 * dropped), so high-volume tests must spread data over enough partitions.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_TOPICS 64

struct topic_spec {
    char name[256];
    int partitions;
};

struct options {
    int brokers;
    long down_ms;
    int topic_count;
    struct topic_spec topics[MAX_TOPICS];
};

/* Set from the signal handler only; read by the main loop. */
static volatile sig_atomic_t stop_requested = 0;

static void on_stop_signal(int signo) {
    (void)signo;
    stop_requested = 1;
}

static void usage(const char *argv0) {
    fprintf(stderr,
            "usage: %s [--brokers N] [--topic NAME:PARTITIONS]... [--down-ms MS]\n",
            argv0);
}

/* Parses a whole decimal number in [min, max]; returns 0 on success. */
static int parse_long(const char *text, long min, long max, long *out) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max)
        return -1;
    *out = value;
    return 0;
}

static int parse_topic(const char *text, struct topic_spec *spec) {
    const char *colon = strrchr(text, ':');
    if (colon == NULL || colon == text || (size_t)(colon - text) >= sizeof(spec->name))
        return -1;
    long partitions = 0;
    if (parse_long(colon + 1, 1, 100000, &partitions) != 0)
        return -1;
    memcpy(spec->name, text, (size_t)(colon - text));
    spec->name[colon - text] = '\0';
    spec->partitions = (int)partitions;
    return 0;
}

static int parse_options(int argc, char **argv, struct options *opts) {
    opts->brokers = 1;
    opts->down_ms = -1;
    opts->topic_count = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = (i + 1 < argc) ? argv[i + 1] : NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(argv[0]);
            exit(0);
        }
        if (value == NULL) {
            fprintf(stderr, "mock_broker: option %s needs a value\n", arg);
            return -1;
        }
        i++;
        long number = 0;
        if (strcmp(arg, "--brokers") == 0) {
            if (parse_long(value, 1, 64, &number) != 0) {
                fprintf(stderr, "mock_broker: --brokers must be 1..64, got '%s'\n", value);
                return -1;
            }
            opts->brokers = (int)number;
        } else if (strcmp(arg, "--down-ms") == 0) {
            if (parse_long(value, 0, LONG_MAX / 1000000L, &number) != 0) {
                fprintf(stderr, "mock_broker: --down-ms must be a number of milliseconds, got '%s'\n",
                        value);
                return -1;
            }
            opts->down_ms = number;
        } else if (strcmp(arg, "--topic") == 0) {
            if (opts->topic_count == MAX_TOPICS) {
                fprintf(stderr, "mock_broker: at most %d --topic options\n", MAX_TOPICS);
                return -1;
            }
            if (parse_topic(value, &opts->topics[opts->topic_count]) != 0) {
                fprintf(stderr, "mock_broker: --topic must be NAME:PARTITIONS, got '%s'\n", value);
                return -1;
            }
            opts->topic_count++;
        } else {
            fprintf(stderr, "mock_broker: unknown option '%s'\n", arg);
            return -1;
        }
    }
    return 0;
}

static void set_all_brokers(rd_kafka_mock_cluster_t *cluster, int brokers, int up) {
    /* The mock numbers its brokers 1..N. */
    for (int id = 1; id <= brokers; id++) {
        rd_kafka_resp_err_t err = up ? rd_kafka_mock_broker_set_up(cluster, id)
                                     : rd_kafka_mock_broker_set_down(cluster, id);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
            fprintf(stderr, "mock_broker: cannot set broker %d %s: %s\n", id, up ? "up" : "down",
                    rd_kafka_err2str(err));
    }
}

static long long monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000LL + now.tv_nsec / 1000000L;
}

int main(int argc, char **argv) {
    struct options opts;
    if (parse_options(argc, argv, &opts) != 0) {
        usage(argv[0]);
        return 2;
    }

    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* The mock cluster lives inside a client handle; this one is never used to produce. */
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* log_level 4 hides the notice that this handle has no bootstrap.servers of its own. */
    if (rd_kafka_conf_set(conf, "client.id", "mock_broker", errstr, sizeof(errstr)) !=
            RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "mock_broker: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        return 2;
    }
    rd_kafka_t *handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
    if (handle == NULL) {
        fprintf(stderr, "mock_broker: cannot create the client handle: %s\n", errstr);
        return 2;
    }
    rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(handle, opts.brokers);
    if (cluster == NULL) {
        fprintf(stderr, "mock_broker: cannot create a mock cluster of %d brokers\n", opts.brokers);
        rd_kafka_destroy(handle);
        return 2;
    }

    int exit_code = 0;
    for (int i = 0; i < opts.topic_count; i++) {
        rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(
            cluster, opts.topics[i].name, opts.topics[i].partitions, opts.brokers < 3 ? opts.brokers : 3);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fprintf(stderr, "mock_broker: cannot create topic '%s' with %d partitions: %s\n",
                    opts.topics[i].name, opts.topics[i].partitions, rd_kafka_err2str(err));
            exit_code = 2;
        }
    }

    if (exit_code == 0) {
        long long up_at_ms = -1;
        if (opts.down_ms >= 0) {
            set_all_brokers(cluster, opts.brokers, 0);
            up_at_ms = monotonic_ms() + opts.down_ms;
        }

        printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
        fflush(stdout);

        /* Short sleeps keep the reaction to signals and to the --down-ms deadline prompt. */
        const struct timespec tick = {0, 20 * 1000000L};
        while (!stop_requested) {
            if (up_at_ms >= 0 && monotonic_ms() >= up_at_ms) {
                set_all_brokers(cluster, opts.brokers, 1);
                fprintf(stderr, "mock_broker: brokers are up after %ld ms\n", opts.down_ms);
                up_at_ms = -1;
            }
            nanosleep(&tick, NULL);
        }
    }

    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(handle);
    return exit_code;
}
