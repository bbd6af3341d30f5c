package dev.vortex.server.http;

import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.http.HttpServerOptions;

/**
 * The limits on form bodies ({@code POST /monitor}'s {@code path=} form), which Vert.x's defaults set and
 * Netty's form decoder enforces; exceeding one is the client's doing, answered 413 rather than 500.
 */
final class FormLimits {
    /** The largest form field, in bytes. */
    static final int MAX_FIELD_BYTES = HttpServerOptions.DEFAULT_MAX_FORM_ATTRIBUTE_SIZE;

    /** The most fields in one form. */
    static final int MAX_FIELDS = HttpServerOptions.DEFAULT_MAX_FORM_FIELDS;

    private FormLimits() {}

    /** Whether {@code failure} is Netty's form decoder refusing a field too long or a form with too many. */
    static boolean exceeded(Throwable failure) {
        if (failure instanceof HttpPostRequestDecoder.TooManyFormFieldsException
                || failure instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
            return true;
        }
        // A field over the size limit surfaces as a decoding error caused by the size check.
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("Size exceed allowed maximum capacity")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The answer's message: the limits, so the client knows what to send instead. */
    static String message() {
        return "form too large: at most " + MAX_FIELDS + " fields of at most " + MAX_FIELD_BYTES + " bytes each";
    }
}
