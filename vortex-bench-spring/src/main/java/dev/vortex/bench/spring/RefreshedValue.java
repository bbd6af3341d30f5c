package dev.vortex.bench.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.context.config.annotation.RefreshScope;

/** {@code bench.value} through {@code @Value} in a {@code @RefreshScope} bean, rebuilt after each change. */
@RefreshScope
public class RefreshedValue {
    @Value("${bench.value:-1}")
    private long value;

    public long value() {
        return value;
    }
}
