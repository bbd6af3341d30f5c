package dev.vortex.server.realtime;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.server.realtime.protocol.Shape;
import dev.vortex.server.realtime.wire.Frame;
import java.util.Optional;

/**
 * One change as the sessions of one event loop see it: the newest config of its key, looked up once, and the
 * frame from each version a session holds, found once and handed to every session of the loop that holds that
 * version in that shape.
 *
 * <p>Why: a change to 10,000 sessions used to look the newest config and the base version up in
 * {@link ConfigHistory} (a per-key monitor that every event loop contends on) and the frame up in
 * {@link SharedFrames} (a Caffeine lookup) for each recipient, although nearly all of them hold the same
 * version and get the same answer. Now it is one look-up of each per event loop and change.
 *
 * <p>Not thread-safe: made and used on one event loop, for one change, and then dropped. The frames themselves
 * still come from {@link SharedFrames}, so every event loop sends the same encoded bytes.
 */
final class ChangeFrames {
    /** Distinct (held version, shape) pairs remembered; sessions beyond them look their frame up themselves. */
    private static final int MEMO_SIZE = 4;

    private final ConfigHistory history;
    private final SharedFrames frames;
    private final ResolvedConfig target;
    // Each remembered entry: whether the sessions hold a version, its bits, the shape, and the frame.
    private final boolean[] fromAny = new boolean[MEMO_SIZE];
    private final long[] fromHigh = new long[MEMO_SIZE];
    private final long[] fromLow = new long[MEMO_SIZE];
    private final Shape[] shapes = new Shape[MEMO_SIZE];
    private final Frame[] memo = new Frame[MEMO_SIZE];
    /** How many sessions each remembered frame was written to, counted into the metrics once per change. */
    private final int[] written = new int[MEMO_SIZE];

    private int remembered;

    private ChangeFrames(ConfigHistory history, SharedFrames frames, ResolvedConfig target) {
        this.history = history;
        this.frames = frames;
        this.target = target;
    }

    /**
     * The change towards {@code delivered}, or towards the newest config the history knows of its key when that
     * is newer: events of one key can be published out of order by two resolver threads, and a session must
     * always move towards the newest config, never back.
     */
    static ChangeFrames towards(ResolvedConfig delivered, ConfigHistory history, SharedFrames frames) {
        ResolvedConfig newest = history.current(delivered.key())
                .filter(current -> current.sequence() > delivered.sequence())
                .orElse(delivered);
        return new ChangeFrames(history, frames, newest);
    }

    /** The change towards exactly {@code target}. */
    static ChangeFrames to(ResolvedConfig target, ConfigHistory history, SharedFrames frames) {
        return new ChangeFrames(history, frames, target);
    }

    /** The config every session of the loop moves to. */
    ResolvedConfig target() {
        return target;
    }

    /** Its key. */
    ConfigKey key() {
        return target.key();
    }

    /**
     * The frame that takes a client holding what {@code held} says it holds (or nothing) to the target in
     * {@code shape}: a change when the history still has that version, else a snapshot; {@link Frame#NOTHING}
     * when the two are equal.
     */
    Frame from(KeyState held, Shape shape) {
        boolean any = held.sentAny();
        long high = held.sentHigh();
        long low = held.sentLow();
        for (int i = 0; i < remembered; i++) {
            if (shapes[i] == shape && fromAny[i] == any && (!any || (fromHigh[i] == high && fromLow[i] == low))) {
                return memo[i];
            }
        }
        Frame frame = lookUp(held.sentVersion(), shape);
        if (remembered < MEMO_SIZE) {
            fromAny[remembered] = any;
            fromHigh[remembered] = high;
            fromLow[remembered] = low;
            shapes[remembered] = shape;
            memo[remembered] = frame;
            remembered++;
        }
        return frame;
    }

    /**
     * Counts {@code frame}, got from {@link #from}, as written to one more session: the counts go to the
     * metrics in one step per frame ({@link #countWritten}), not one counter update per delivery.
     */
    void written(Frame frame, RealtimeMetrics metrics) {
        for (int i = 0; i < remembered; i++) {
            if (memo[i] == frame) {
                written[i]++;
                return;
            }
        }
        metrics.sent(frame.type());
    }

    /** Adds what {@link #written} counted to the metrics, and starts counting afresh. */
    void countWritten(RealtimeMetrics metrics) {
        for (int i = 0; i < remembered; i++) {
            if (written[i] > 0) {
                metrics.sent(memo[i].type(), written[i]);
                written[i] = 0;
            }
        }
    }

    private Frame lookUp(String fromVersion, Shape shape) {
        Optional<ResolvedConfig> base =
                fromVersion == null ? Optional.empty() : history.find(target.key(), fromVersion);
        return base.isEmpty() ? frames.snapshot(target, shape) : frames.change(base.get(), target, shape);
    }
}
