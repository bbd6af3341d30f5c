package dev.vortex.server.http;

import dev.vortex.core.Placeholders;
import dev.vortex.server.config.ResolvedConfigCache;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /{application}/{profile}/{label}/{path}} (and {@code GET /{application}/{profile}/{path}
 * ?useDefaultLabel} for the default label): a plain file from the repository (see the source's {@code
 * findFile} for which one), with {@code ${...}} placeholders resolved from the application's config unless
 * {@code ?resolvePlaceholders=false}.
 *
 * <p>As in Spring Cloud Config Server, a client that asks for {@code Accept: application/octet-stream} gets
 * the file's bytes as they are, placeholders untouched. A file that is not UTF-8 text is always served as raw
 * bytes.
 */
final class PlainFileHandler implements Handler<RoutingContext> {
    /** The query parameter that selects the default label in {@code /{application}/{profile}/{path}}. */
    static final String USE_DEFAULT_LABEL = "useDefaultLabel";

    private static final String OCTET_STREAM = "application/octet-stream";

    private final ResolvedConfigCache cache;

    PlainFileHandler(ResolvedConfigCache cache) {
        this.cache = cache;
    }

    /**
     * Whether a request on {@code /{application}/{profile}/{path}} is for a plain file at the default label:
     * it carries {@code useDefaultLabel} (with any value or none, as Spring matches the parameter's presence).
     */
    static boolean usesDefaultLabel(RoutingContext ctx) {
        return ctx.queryParams().contains(USE_DEFAULT_LABEL);
    }

    @Override
    public void handle(RoutingContext ctx) {
        var key = AccessGuard.readable(ctx, RequestNames.key(ctx, cache));
        String path = filePath(ctx.pathParam("path"));
        boolean resolvePlaceholders =
                !"false".equalsIgnoreCase(ctx.queryParams().get("resolvePlaceholders"));
        boolean raw = prefersOctetStream(ctx);
        OnContext.whenDone(ctx, cache.findFile(key, path), file -> {
            if (file.isEmpty()) {
                throw HttpError.notFound("No such file: " + path);
            }
            byte[] content = file.get().content();
            String text = raw ? null : decodeUtf8(content);
            if (text == null) {
                ctx.response()
                        .putHeader("Content-Type", "application/octet-stream")
                        .end(Buffer.buffer(content));
            } else if (!resolvePlaceholders) {
                ctx.response()
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end(text);
            } else {
                OnContext.whenDone(ctx, cache.get(key), config -> ctx.response()
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end(Placeholders.resolve(text, config.environment()::property)));
            }
        });
    }

    /** Whether the client ranks {@code application/octet-stream} first among what it accepts. */
    private static boolean prefersOctetStream(RoutingContext ctx) {
        List<MIMEHeader> accepted = ctx.parsedHeaders().accept();
        return !accepted.isEmpty()
                && OCTET_STREAM.equalsIgnoreCase(accepted.get(0).value().trim());
    }

    private static String filePath(String raw) {
        if (raw == null || raw.isEmpty() || raw.startsWith("/") || raw.endsWith("/") || raw.contains("//")) {
            throw HttpError.badRequest("Invalid file path '" + raw + "'");
        }
        return raw;
    }

    /** The text, or {@code null} when the bytes are not valid UTF-8. */
    private static String decodeUtf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
