package dev.vortex.server.realtime;

/**
 * An encoded server message, shared by every session that sends it.
 *
 * @param type the message's {@code type}, for metrics
 * @param bytes the UTF-8 JSON; never modified
 */
record Frame(String type, byte[] bytes) {
    /** Nothing to send: the two configs of a change were equal. */
    static final Frame NOTHING = new Frame("nothing", new byte[0]);
}
