package dev.vortex.server.realtime;

import dev.vortex.server.realtime.wire.ClientSocket;
import io.vertx.core.Future;
import java.util.ArrayDeque;

/**
 * The messages a connection sends while the answer to its {@code auth} message is pending (a token verified on a
 * worker thread, a refusal held back by the failure delay): they wait here and reach the session, in the order
 * they came, once the answer is out. So every message is handled with the credentials the messages before it
 * left: a {@code subscribe} after an {@code auth} is judged by the new token, and the answer to an {@code auth}
 * comes before the answers to anything sent after it, however long it was held. A client cannot skip a held
 * refusal by sending more; each further {@code auth} waits for the one before it and earns its own delay.
 *
 * <p>It exists only while an answer is pending: it stands in for the session as the socket's listener, so an
 * idle connection carries nothing for it. What is not a message is not held: ping and pong frames and the close
 * reach the session at once, and every message counts as a sign of life when it arrives, so that the heartbeat
 * never closes a connection whose messages wait. Changes pushed to the client are not held either.
 *
 * <p>Bounded: at most {@link #MAX_MESSAGES} messages of at most {@code maxCharacters} characters in all (one
 * message of any accepted size always fits) wait; a client that sends more meanwhile is flooding, and the
 * session is told to close it. The inbound rate limit applies to the held messages when they reach the session.
 *
 * <p>Threading: every method runs on the connection's event loop, like the session's.
 */
final class HeldMessages implements ClientSocket.Listener {
    /** The most messages that wait for one connection. */
    static final int MAX_MESSAGES = 16;

    /** Stands for a binary message in the queue: only its arrival matters (the session refuses it). */
    private static final Object BINARY = new Object();

    private final ClientSocket socket;
    private final ClientSocket.Listener session;
    private final int maxCharacters;
    private final Runnable flooded;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(4);
    private int characters;
    private boolean answerPending;
    private boolean overflowed;
    private boolean closed;

    private HeldMessages(ClientSocket socket, ClientSocket.Listener session, int maxCharacters, Runnable flooded) {
        this.socket = socket;
        this.session = session;
        this.maxCharacters = maxCharacters;
        this.flooded = flooded;
    }

    /**
     * Holds the messages that follow until {@code answered} completes, then hands them to {@code session}. Called
     * by the session while it handles a message: either straight from the socket, or while messages held before
     * reach it, in which case the same queue waits again, with its remaining messages still first.
     *
     * @param answered completes once the answer was sent (either way); nothing is held if it is complete already
     * @param socket the connection's socket, whose listener {@code session} is (or whose held messages it gets)
     * @param session where the messages go
     * @param maxCharacters the most characters that may wait
     * @param flooded tells the session to close a connection that sent more than may wait
     */
    static void until(
            Future<?> answered,
            ClientSocket socket,
            ClientSocket.Listener session,
            int maxCharacters,
            Runnable flooded) {
        if (answered.isComplete()) {
            // The common case: a key or a known token, answered at once.
            return;
        }
        HeldMessages held;
        if (socket.listener() instanceof HeldMessages replaying) {
            held = replaying;
        } else {
            held = new HeldMessages(socket, session, maxCharacters, flooded);
            socket.listen(held);
        }
        held.answerPending = true;
        answered.onComplete(done -> held.release());
    }

    /** The answer is out: hands the waiting messages over until one of them makes the queue wait again. */
    private void release() {
        answerPending = false;
        while (!answerPending && !closed && !waiting.isEmpty()) {
            Object message = waiting.poll();
            if (message == BINARY) {
                session.onBinary();
            } else {
                String text = (String) message;
                characters -= text.length();
                session.onText(text);
            }
        }
        if (!answerPending && !closed) {
            socket.listen(session);
        }
    }

    @Override
    public void onText(String text) {
        session.onHeartbeat();
        if (admit(text.length())) {
            waiting.add(text);
            characters += text.length();
        }
    }

    @Override
    public void onBinary() {
        session.onHeartbeat();
        if (admit(0)) {
            waiting.add(BINARY);
        }
    }

    private boolean admit(int length) {
        if (overflowed) {
            return false;
        }
        if (waiting.size() < MAX_MESSAGES && (waiting.isEmpty() || characters + length <= maxCharacters)) {
            return true;
        }
        overflowed = true;
        waiting.clear();
        characters = 0;
        flooded.run();
        return false;
    }

    @Override
    public void onHeartbeat() {
        session.onHeartbeat();
    }

    @Override
    public void onClosed() {
        closed = true;
        waiting.clear();
        session.onClosed();
    }
}
