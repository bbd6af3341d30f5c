package dev.vortex.server.interop;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vortex.server.HeadlessChromium;

/**
 * A WebSocket opened by a tiny page of the test's own in a real headless Chromium (which always offers
 * {@code permessage-deflate}): the page keeps what it receives in {@code window.vx}, which a poller thread
 * collects over the DevTools protocol.
 */
final class ChromiumPageClient extends InteropClient {
    private final HeadlessChromium browser;
    private final Thread poller;
    private volatile boolean polling = true;

    /**
     * @param page a page of the server's own origin to run in (the browser may refuse a page of another
     *     origin, or none, access to a local address)
     * @param url the WebSocket URL
     */
    ChromiumPageClient(HeadlessChromium browser, String page, String url) {
        super("Chromium");
        this.browser = browser;
        browser.navigate(page);
        await().atMost(TIMEOUT)
                .until(() -> evaluate("location.href === " + TextNode.valueOf(page) + " && document.readyState")
                        .asText()
                        .equals("complete"));
        evaluate("window.vx = {inbox: [], closed: null, extensions: null};"
                + "const s = new WebSocket(" + TextNode.valueOf(url) + ", ['vortex.v1']);"
                + "s.onopen = () => { vx.extensions = s.extensions; };"
                + "s.onmessage = (e) => vx.inbox.push(e.data);"
                + "s.onclose = (e) => { vx.closed = e.code; };"
                + "vx.socket = s; true");
        this.poller = new Thread(this::poll, "chromium-poller");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (polling) {
            JsonNode state = evaluate(
                    "JSON.stringify({messages: vx.inbox.splice(0), closed: vx.closed, extensions: vx.extensions})");
            JsonNode parsed = dev.vortex.server.TestClient.json(state.asText());
            if (extensions() == null && !parsed.get("extensions").isNull()) {
                opened(parsed.get("extensions").asText());
            }
            parsed.get("messages").forEach(message -> received(message.asText()));
            if (!parsed.get("closed").isNull()) {
                closed(parsed.get("closed").asInt());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One DevTools call at a time: the poller and the test thread share the page's connection. */
    private synchronized JsonNode evaluate(String expression) {
        return browser.evaluate(expression);
    }

    @Override
    void send(String json) {
        evaluate("vx.socket.send(" + TextNode.valueOf(json) + "); true");
    }

    @Override
    public void close() {
        polling = false;
        poller.interrupt();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
