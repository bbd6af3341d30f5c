package dev.vortex.server.realtime;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sessions of one event loop that are connected to one key: an array in which each session knows its own
 * slot, so that adding and removing are constant time and walking them reads one array.
 *
 * <p>Why not a concurrent set: a change to 10,000 sessions walks this once per event loop, and a concurrent set
 * keeps a node of 32 bytes per session that the walk has to load before the session (one more cache miss per
 * delivery, 32 bytes more per idle connection). A slot in an array is 4 bytes, and the walk reads it in order.
 *
 * <p>Threading: confined to its event loop. Other threads only learn whether a key has sessions, from the
 * registry's map of these sets, never from the set itself (except {@link ConnectionRegistry#recipients}, for
 * tests on a quiet registry).
 *
 * <p>A walk may see sessions leave: the one being visited leaving does not disturb it (the walk goes from the
 * end, and a removal moves the last session, already visited, into the slot that was freed). Should a visit
 * make another, not yet visited session leave, the session moved into its slot is visited a second time: every
 * visit (a change, a heartbeat) is idempotent, so that costs nothing but a check.
 */
final class KeySessions {
    private Session[] sessions = new Session[2];
    private int size;

    /** Adds {@code session}, which must not be in any other {@code KeySessions}. */
    void add(Session session) {
        if (size == sessions.length) {
            sessions = Arrays.copyOf(sessions, size * 2);
        }
        session.keySessionsSlot = size;
        sessions[size++] = session;
    }

    /** Removes {@code session}; nothing happens if it is not here. */
    void remove(Session session) {
        int slot = session.keySessionsSlot;
        if (slot < 0 || slot >= size || sessions[slot] != session) {
            return;
        }
        Session last = sessions[--size];
        sessions[slot] = last;
        last.keySessionsSlot = slot;
        sessions[size] = null;
        session.keySessionsSlot = -1;
        if (sessions.length > 16 && size < sessions.length / 4) {
            // Many left (a reconnect storm moving clients elsewhere): give the memory back.
            sessions = Arrays.copyOf(sessions, sessions.length / 2);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Runs {@code action} for each session, from the last added to the first; see the class comment. */
    int forEach(Consumer<Session> action) {
        int visited = 0;
        for (int slot = size - 1; slot >= 0; slot--) {
            if (slot < size) {
                action.accept(sessions[slot]);
                visited++;
            }
        }
        return visited;
    }

    /** Adds every session to {@code into}. */
    void addTo(List<Session> into) {
        for (int slot = 0; slot < size; slot++) {
            into.add(sessions[slot]);
        }
    }
}
