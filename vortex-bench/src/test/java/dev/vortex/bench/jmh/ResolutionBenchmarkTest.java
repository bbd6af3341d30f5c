package dev.vortex.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark measures what it says: each method does its work on the bench's files, once, outside JMH. */
class ResolutionBenchmarkTest {

    @Test
    void eachStepRunsOnTheBenchFiles() throws Exception {
        ResolutionBenchmark benchmark = new ResolutionBenchmark();
        benchmark.setUp();
        try {
            assertThat(benchmark.parseChangedFile())
                    .singleElement()
                    .satisfies(document -> assertThat(document.properties()).containsEntry("bench.seq", 0));
            assertThat(benchmark.findAgain())
                    .as("the same files give an equal environment")
                    .isTrue();
            assertThat(benchmark.buildConfig()).isNotBlank().isEqualTo(benchmark.buildConfig());
        } finally {
            benchmark.tearDown();
        }
    }
}
