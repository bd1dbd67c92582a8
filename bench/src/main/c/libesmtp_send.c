/*
 * libesmtp_send: the native reference client for bin/bench, written on the libESMTP 1.1.0 API
 * as a C application would use it. It queues the messages in one or more sessions, times
 * smtp_start_session() with CLOCK_MONOTONIC (and the process's CPU time) and prints the same RESULT line as the Java clients
 * (org.esmtp4j.bench.load.ResultLine). The content is byte for byte the one of
 * org.esmtp4j.bench.load.BenchContent: fixed headers, an X-Pad header that makes the body a whole
 * number of 78-octet lines, and body line k = 'a' + (k + j) % 26 for j in 0..75, then CRLF,
 * repeating every 840 lines.
 *
 * Small messages are handed over with smtp_set_message_str (libESMTP's own in-memory reader);
 * above 1 MiB the content is generated while libESMTP reads it, 64 KiB at a time.
 *
 * bin/bench compiles it at benchmark time:
 *   cc -O2 -pthread -o bench/target/libesmtp_send libesmtp_send.c $(pkg-config --cflags --libs libesmtp-1.0)
 * Usage: libesmtp_send -s HOST:PORT [-n MESSAGES] [-r RECIPIENTS] [-z SIZE] [-t SESSIONS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h> /* libesmtp.h uses size_t without including it */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <libesmtp.h>

#define LINE_OCTETS 78
#define BLOCK_LINES 840
#define BLOCK_OCTETS (LINE_OCTETS * BLOCK_LINES)
#define IN_MEMORY_LIMIT (1L << 20)
#define CHUNK (64 * 1024)
#define MAX_RECIPIENTS 100

static const char HEADERS_BEFORE_PAD[] =
    "Date: Sun, 29 Nov 2026 12:00:00 +0000\r\n"
    "From: Bench Sender <sender@bench.example>\r\n"
    "To: rcpt1@bench.example\r\n"
    "Subject: esmtp4j benchmark message\r\n"
    "Message-Id: <bench.1@bench.example>\r\n";
static const char PAD_NAME[] = "X-Pad: ";

static char block[BLOCK_OCTETS];
static char *headers;
static long header_len;
static char recipients[MAX_RECIPIENTS][32];

/* The header section for content of exactly total octets (BenchContent.headerSection). */
static void make_headers(long long total)
{
    long fixed = (long) strlen(HEADERS_BEFORE_PAD) + (long) strlen(PAD_NAME) + 2 + 2;
    long long r = (total - fixed - 1) % LINE_OCTETS;
    long pad = (long) (r < 0 ? r + LINE_OCTETS : r) + 1;
    header_len = fixed + pad;
    headers = malloc(header_len + 1);
    char *p = headers;
    p += sprintf(p, "%s%s", HEADERS_BEFORE_PAD, PAD_NAME);
    memset(p, 'p', pad);
    p += pad;
    memcpy(p, "\r\n\r\n", 5);
}

static void make_block(void)
{
    for (int k = 0; k < BLOCK_LINES; k++) {
        char *line = block + k * LINE_OCTETS;
        for (int j = 0; j < LINE_OCTETS - 2; j++)
            line[j] = (char) ('a' + (k + j) % 26);
        line[LINE_OCTETS - 2] = '\r';
        line[LINE_OCTETS - 1] = '\n';
    }
}

/* Copies content bytes [pos, pos + n) into out. */
static void generate(char *out, long long pos, long n)
{
    while (n > 0) {
        long take;
        if (pos < header_len) {
            take = header_len - (long) pos < n ? header_len - (long) pos : n;
            memcpy(out, headers + pos, take);
        } else {
            long from = (long) ((pos - header_len) % BLOCK_OCTETS);
            take = BLOCK_OCTETS - from < n ? BLOCK_OCTETS - from : n;
            memcpy(out, block + from, take);
        }
        out += take;
        pos += take;
        n -= take;
    }
}

/* The streaming reader's state; libESMTP free()s *ctx when the message is destroyed. */
struct stream {
    long long pos;
    char buf[CHUNK];
};

/* smtp_messagecb_t for a generated message of *(long long *) arg octets. */
static const char *stream_cb(void **ctx, int *len, void *arg)
{
    long long total = *(long long *) arg;
    struct stream *s = *ctx;
    if (s == NULL) {
        s = malloc(sizeof *s);
        if (s == NULL)
            return NULL;
        *ctx = s;
        s->pos = 0;
    }
    if (len == NULL) { /* rewind */
        s->pos = 0;
        return NULL;
    }
    long n = total - s->pos < CHUNK ? (long) (total - s->pos) : CHUNK;
    if (n <= 0) {
        *len = 0;
        return NULL;
    }
    generate(s->buf, s->pos, n);
    s->pos += n;
    *len = (int) n;
    return s->buf;
}

/* CPU time (user + system) the process has used so far, in seconds. */
static double process_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
           + (double) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

struct job {
    smtp_session_t session;
    int ok;
};

static void *run_session(void *arg)
{
    struct job *job = arg;
    job->ok = smtp_start_session(job->session);
    return NULL;
}

struct tally {
    long messages_ok;
    long recipients_ok;
    int all_ok;
};

static void count_recipient(smtp_recipient_t r, const char *mailbox, void *arg)
{
    (void) mailbox;
    struct tally *t = arg;
    const smtp_status_t *st = smtp_recipient_status(r);
    if (st->code / 100 == 2)
        t->recipients_ok++;
    else
        t->all_ok = 0;
}

static void count_message(smtp_message_t m, void *arg)
{
    struct tally *t = arg;
    t->all_ok = 1;
    smtp_enumerate_recipients(m, count_recipient, t);
    if (smtp_message_transfer_status(m)->code / 100 == 2 && t->all_ok)
        t->messages_ok++;
}

int main(int argc, char **argv)
{
    const char *server = NULL;
    long messages = 5000, nrcpt = 1, sessions = 1;
    long long size = 2048;
    int opt;
    while ((opt = getopt(argc, argv, "s:n:r:z:t:")) != -1) {
        switch (opt) {
        case 's': server = optarg; break;
        case 'n': messages = atol(optarg); break;
        case 'r': nrcpt = atol(optarg); break;
        case 'z': size = atoll(optarg); break;
        case 't': sessions = atol(optarg); break;
        default:
            fprintf(stderr, "usage: %s -s HOST:PORT [-n MESSAGES] [-r RECIPIENTS] [-z SIZE] [-t SESSIONS]\n", argv[0]);
            return 2;
        }
    }
    if (server == NULL || nrcpt < 1 || nrcpt > MAX_RECIPIENTS || sessions < 1 || messages % sessions != 0
        || size < 256) {
        fprintf(stderr, "libesmtp_send: bad arguments (need -s; 1..%d recipients; messages a multiple of sessions; size >= 256)\n",
                MAX_RECIPIENTS);
        return 2;
    }
    make_block();
    make_headers(size);
    char *content = NULL;
    if (size <= IN_MEMORY_LIMIT) {
        content = malloc(size + 1);
        generate(content, 0, (long) size);
        content[size] = '\0';
    }
    for (int r = 0; r < nrcpt; r++)
        snprintf(recipients[r], sizeof recipients[r], "rcpt%d@bench.example", r + 1);

    struct job *jobs = calloc(sessions, sizeof *jobs);
    for (long s = 0; s < sessions; s++) {
        smtp_session_t session = smtp_create_session();
        smtp_set_server(session, server);
        smtp_set_hostname(session, "bench.example");
        for (long i = 0; i < messages / sessions; i++) {
            smtp_message_t m = smtp_add_message(session);
            smtp_set_reverse_path(m, "sender@bench.example");
            if (content != NULL)
                smtp_set_message_str(m, content);
            else
                smtp_set_messagecb(m, stream_cb, &size);
            for (int r = 0; r < nrcpt; r++)
                smtp_add_recipient(m, recipients[r]);
        }
        jobs[s].session = session;
    }

    struct timespec t0, t1;
    double cpu0 = process_cpu();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (sessions == 1) {
        run_session(&jobs[0]);
    } else {
        pthread_t *threads = calloc(sessions, sizeof *threads);
        for (long s = 0; s < sessions; s++)
            pthread_create(&threads[s], NULL, run_session, &jobs[s]);
        for (long s = 0; s < sessions; s++)
            pthread_join(threads[s], NULL);
        free(threads);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
    double cpu = process_cpu() - cpu0;

    struct tally tally = {0, 0, 1};
    int started = 1;
    for (long s = 0; s < sessions; s++) {
        if (!jobs[s].ok) {
            char err[128];
            fprintf(stderr, "libesmtp_send: smtp_start_session failed: %s\n",
                    smtp_strerror(smtp_errno(), err, sizeof err));
            started = 0;
        }
        smtp_enumerate_messages(jobs[s].session, count_message, &tally);
        smtp_destroy_session(jobs[s].session);
    }
    printf("RESULT session_s=%.6f session_cpu_s=%.6f messages=%ld delivered=%ld recipients_ok=%ld content_bytes=%lld\n",
           seconds, cpu, messages, tally.messages_ok, tally.recipients_ok, size * messages);
    free(jobs);
    free(content);
    free(headers);
    return started && tally.messages_ok == messages ? 0 : 1;
}
