package dev.vortex.example.live;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.stereotype.Component;

/** Built from {@code @Value}s, so it is {@code @RefreshScope}: a new instance after each change. */
@Component
@RefreshScope
public class Greeting {
    private final String text;
    private final boolean newCheckout;

    public Greeting(
            @Value("${greeting:Hello}") String text, @Value("${feature.new-checkout:false}") boolean newCheckout) {
        this.text = text;
        this.newCheckout = newCheckout;
    }

    public String text() {
        return text;
    }

    public boolean newCheckout() {
        return newCheckout;
    }
}
