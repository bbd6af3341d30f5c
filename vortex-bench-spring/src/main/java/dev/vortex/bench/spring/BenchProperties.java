package dev.vortex.bench.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bench.value}: the number each change writes, rebound in place. */
@ConfigurationProperties("bench")
public class BenchProperties {
    private long value;

    public long getValue() {
        return value;
    }

    public void setValue(long value) {
        this.value = value;
    }
}
