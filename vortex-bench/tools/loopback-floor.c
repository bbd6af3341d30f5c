/*
 * The machine's floor for fan-out over loopback TCP, without Vortex, the JVM or WebSocket framing.
 *
 * Opens N connected TCP pairs on 127.0.0.1, then, ROUNDS times, writes one SIZE-byte message to each of the
 * N accepted sockets from W writer threads (one write() per socket, as a server fanning a change out does),
 * while one reader thread drains the N client sockets through epoll. Prints the writes per second, the time
 * one round (one "change" to N clients) took, and the deliveries per second until the reader had it all.
 *
 *   gcc -O2 -pthread -o /tmp/loopback-floor vortex-bench/tools/loopback-floor.c
 *   /tmp/loopback-floor 1000 200 50 2      # N SIZE ROUNDS WRITERS
 *
 * N is limited by the open-file limit: 2 N + a few descriptors (ulimit -n).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int n, size, rounds, writers;
static int *server_side, *client_side;
static char *message;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *reader(void *unused) {
    (void) unused;
    int epoll = epoll_create1(0);
    for (int i = 0; i < n; i++) {
        struct epoll_event event = {.events = EPOLLIN, .data.fd = client_side[i]};
        epoll_ctl(epoll, EPOLL_CTL_ADD, client_side[i], &event);
    }
    struct epoll_event events[512];
    static char buffer[65536];
    long expected = (long) n * rounds * size, received = 0;
    while (received < expected) {
        int ready = epoll_wait(epoll, events, 512, 1000);
        for (int i = 0; i < ready; i++) {
            ssize_t got;
            while ((got = read(events[i].data.fd, buffer, sizeof buffer)) > 0) {
                received += got;
            }
        }
    }
    return NULL;
}

static void *writer(void *arg) {
    long first = (long) arg;
    for (int i = (int) first; i < n; i += writers) {
        if (write(server_side[i], message, size) != size) {
            perror("write");
            exit(1);
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s N SIZE ROUNDS [WRITERS]\n", argv[0]);
        return 2;
    }
    n = atoi(argv[1]);
    size = atoi(argv[2]);
    rounds = atoi(argv[3]);
    writers = argc > 4 ? atoi(argv[4]) : 1;
    if (writers < 1 || writers > 64) {
        fprintf(stderr, "WRITERS must be between 1 and 64\n");
        return 2;
    }
    server_side = malloc(n * sizeof(int));
    client_side = malloc(n * sizeof(int));
    message = malloc(size);
    memset(message, 'x', size);

    int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *) &address, sizeof address) || listen(listener, 4096)
            || getsockname(listener, (struct sockaddr *) &address, &length)) {
        perror("listen");
        return 1;
    }
    for (int i = 0; i < n; i++) {
        client_side[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (client_side[i] < 0 || connect(client_side[i], (struct sockaddr *) &address, sizeof address)) {
            perror("connect (is ulimit -n at least 2 N + 10?)");
            return 1;
        }
        server_side[i] = accept(listener, NULL, NULL);
        setsockopt(server_side[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(client_side[i], F_SETFL, O_NONBLOCK);
    }

    pthread_t reading;
    pthread_create(&reading, NULL, reader, NULL);
    double start = now(), slowest = 0;
    for (int r = 0; r < rounds; r++) {
        double round_start = now();
        pthread_t threads[64];
        for (long w = 0; w < writers; w++) {
            pthread_create(&threads[w], NULL, writer, (void *) w);
        }
        for (int w = 0; w < writers; w++) {
            pthread_join(threads[w], NULL);
        }
        double took = now() - round_start;
        slowest = took > slowest ? took : slowest;
    }
    double written = now() - start;
    pthread_join(reading, NULL);
    double delivered = now() - start;
    printf("N=%d size=%d rounds=%d writers=%d: %.0f writes/s; one round %.1f ms on average, %.1f ms at worst; "
           "%.0f deliveries/s until all was read\n",
           n, size, rounds, writers, (double) n * rounds / written, written * 1000 / rounds, slowest * 1000,
           (double) n * rounds / delivered);
    return 0;
}
