package dev.vortex.server.realtime.protocol;

/** The {@code code} of an {@code error} message, as PROTOCOL.md lists them. */
public enum ErrorCode {
    /** Malformed JSON or a message missing its fields. */
    INVALID_MESSAGE,
    /** A {@code type} the server does not know. */
    UNKNOWN_TYPE,
    /** A subscription pattern that does not parse. */
    INVALID_PATTERN,
    /**
     * The principal may not read that key or pattern. Also sent when a settings reload revokes the connection's
     * credentials or its own key, and then the connection closes (1008).
     */
    FORBIDDEN,
    /** More messages than the inbound limit allows. */
    RATE_LIMITED,
    /** The credentials expired; the connection closes (1008). */
    TOKEN_EXPIRED,
    /** A frame over the size limit; the connection closes (1009). */
    MESSAGE_TOO_LARGE,
    /** No such key (for example an unknown label). */
    NOT_FOUND,
    /** The server failed; the message says how. */
    INTERNAL
}
