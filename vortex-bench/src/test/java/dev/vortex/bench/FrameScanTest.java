package dev.vortex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameScanTest {
    @Test
    void findsTheVersionsAfterAConfigThatContainsTheSameNames() {
        String snapshot = "{\"type\":\"config_snapshot\",\"app\":\"bench\",\"profile\":\"p1\",\"label\":null,"
                + "\"config\":{\"version\":\"1.0\",\"x\":{\"new_version\":\"no\"}},\"version\":\"abc\","
                + "\"timestamp\":\"2026-01-01T00:00:00Z\"}";

        assertThat(FrameScan.type(snapshot)).isEqualTo(FrameScan.SNAPSHOT);
        assertThat(FrameScan.first(snapshot, "app")).isEqualTo("bench");
        assertThat(FrameScan.first(snapshot, "profile")).isEqualTo("p1");
        assertThat(FrameScan.targetVersion(FrameScan.SNAPSHOT, snapshot)).isEqualTo("abc");
    }

    @Test
    void readsBothVersionsOfAChange() {
        String change = "{\"type\":\"config_change\",\"app\":\"bench\",\"profile\":\"p0\",\"label\":null,"
                + "\"diff\":[{\"op\":\"replace\",\"path\":\"/old_version\",\"value\":\"\\\"new_version\\\":\\\"x\"}],"
                + "\"old_version\":\"v1\",\"new_version\":\"v2\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";

        assertThat(FrameScan.type(change)).isEqualTo(FrameScan.CHANGE);
        assertThat(FrameScan.last(change, "old_version")).isEqualTo("v1");
        assertThat(FrameScan.targetVersion(FrameScan.CHANGE, change)).isEqualTo("v2");
    }

    @Test
    void ignoresFramesThatDoNotStartWithTheType() {
        assertThat(FrameScan.type("[1,2]")).isNull();
    }
}
