package dev.vortex.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /monitor}, compatible with Spring Cloud Config Monitor: a Git host's push webhook (GitHub,
 * GitLab, Gitea, Gogs, Gitee, Bitbucket Cloud and Server), a JSON {@code {"path": ...}} or a form with one
 * {@code path} field per changed file asks for an immediate refresh of the source, so that a change is served
 * without waiting for the next poll.
 *
 * <p>The answer is, like Spring Cloud Config Monitor's, a JSON array of the application names the changed
 * files concern (see {@link ApplicationNames}; {@code *} means all). An event that is not a push (GitHub's
 * {@code ping}, say) is answered with {@code []} and triggers nothing. The refresh itself is not narrowed to
 * those names: the source is fetched and compared as a whole, and only what really changed is published.
 *
 * <p>Runs on the event loop: it parses at most {@link #BODY_LIMIT_BYTES} and {@code triggerRefresh} must
 * only schedule the refresh, never run it.
 */
final class MonitorHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorHandler.class);

    /** The largest body accepted (GitHub caps its payloads at 25 MB, but a push's is a few kilobytes). */
    static final long BODY_LIMIT_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Runnable triggerRefresh;

    /**
     * @param triggerRefresh starts an asynchronous refresh of the source and returns at once; called on the
     *     event loop for every recognised push
     */
    MonitorHandler(Runnable triggerRefresh) {
        this.triggerRefresh = triggerRefresh;
    }

    /**
     * The body handler to put before this one on the route: bodies up to {@link #BODY_LIMIT_BYTES} (413
     * beyond), no file uploads.
     */
    static BodyHandler bodyHandler() {
        return BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<PushNotification> notification = isForm(ctx) ? fromForm(ctx) : fromJson(ctx);
        List<String> names = List.of();
        if (notification.isPresent()) {
            names = ApplicationNames.of(notification.get());
            // Debug only: a storm of webhooks must not become a storm of log lines; the refresh logs what changed.
            LOG.debug(
                    "{} on /monitor: refreshing the source, changes concern {}",
                    notification.get().origin(),
                    names);
            triggerRefresh.run();
        } else {
            LOG.debug("Ignored a /monitor request that is not a push: {}", eventHeaders(ctx));
        }
        ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .end(new JsonArray(names).toBuffer());
    }

    private static boolean isForm(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
    }

    private static Optional<PushNotification> fromForm(RoutingContext ctx) {
        List<String> paths = ctx.request().formAttributes().getAll("path");
        if (!paths.isEmpty()) {
            return Optional.of(PushPayloadParser.fromForm(paths));
        }
        // GitHub, Gitea and Gogs can send their JSON as a form field named "payload" instead.
        String payload = ctx.request().getFormAttribute("payload");
        if (payload != null) {
            return PushPayloadParser.fromJson(
                    ctx.request().headers(), parse(Buffer.buffer(payload), "form field 'payload'"));
        }
        throw HttpError.badRequest("form has no 'path' field; expected one per changed file, e.g. path=orders.yml");
    }

    private static Optional<PushNotification> fromJson(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw HttpError.badRequest(
                    "request body is empty; expected a push webhook's JSON or a form with 'path' fields");
        }
        return PushPayloadParser.fromJson(ctx.request().headers(), parse(body, "request body"));
    }

    /** Parses a JSON object; the error names where the JSON broke, never what it contained. */
    private static JsonNode parse(Buffer json, String what) {
        JsonNode node;
        try {
            node = JSON.readTree(json.getBytes());
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null
                    ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            throw HttpError.badRequest(what + " is not valid JSON" + where);
        } catch (IOException e) {
            throw HttpError.badRequest(
                    what + " could not be read: " + e.getClass().getSimpleName());
        }
        if (node == null || !node.isObject()) {
            String type = node == null ? "empty" : node.getNodeType().name().toLowerCase(Locale.ROOT);
            throw HttpError.badRequest(what + " must be a JSON object, was " + type);
        }
        return node;
    }

    private static String eventHeaders(RoutingContext ctx) {
        StringBuilder events = new StringBuilder();
        for (String header : List.of(
                "X-GitHub-Event", "X-Gitlab-Event", "X-Gitea-Event", "X-Gogs-Event", "X-Gitee-Event", "X-Event-Key")) {
            String value = ctx.request().getHeader(header);
            if (value != null) {
                events.append(header).append('=').append(value).append(' ');
            }
        }
        return events.isEmpty() ? "no event header" : events.toString().trim();
    }
}
