package dev.vortex.bench.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark still runs end to end (a few changes): every change reaches both beans, or it exits with 1. */
class SpringLatencyBenchTest {

    @Test
    void aTinyRun_deliversEveryChangeToTheBeans() {
        int exit = new CommandLine(new SpringLatencyBench())
                .execute("--changes", "3", "--warmup", "1", "--interval-ms", "100", "--heap-clients", "2");

        assertThat(exit).isZero();
    }
}
