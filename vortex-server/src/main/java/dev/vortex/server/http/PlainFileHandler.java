package dev.vortex.server.http;

import dev.vortex.core.Placeholders;
import dev.vortex.server.config.ResolvedConfigCache;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /{application}/{profile}/{label}/{path}}: a plain file from the repository (profile-specific
 * variant first), with {@code ${...}} placeholders resolved from the application's config unless
 * {@code ?resolvePlaceholders=false}. A file that is not UTF-8 text is served as raw bytes.
 */
final class PlainFileHandler implements Handler<RoutingContext> {
    private final ResolvedConfigCache cache;

    PlainFileHandler(ResolvedConfigCache cache) {
        this.cache = cache;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var key = AccessGuard.readable(ctx, RequestNames.key(ctx, cache));
        String path = filePath(ctx.pathParam("path"));
        boolean resolvePlaceholders =
                !"false".equalsIgnoreCase(ctx.queryParams().get("resolvePlaceholders"));
        OnContext.whenDone(ctx, cache.findFile(key, path), file -> {
            if (file.isEmpty()) {
                throw HttpError.notFound("No such file: " + path);
            }
            byte[] content = file.get().content();
            String text = decodeUtf8(content);
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
                        .end(Placeholders.resolve(text, config.merged()::get)));
            }
        });
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
