package dev.vortex.client;

import java.util.concurrent.ThreadFactory;

/** Names the client's own threads, and makes them daemons so that a forgotten client never keeps a JVM alive. */
final class DaemonThreads {
    private DaemonThreads() {}

    static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
