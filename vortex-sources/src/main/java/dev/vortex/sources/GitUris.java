package dev.vortex.sources;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides credentials embedded in a Git URI before it reaches a log line, a health report or a client. */
final class GitUris {
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s]+)@");

    private GitUris() {}

    /**
     * {@code https://user:secret@host/repo.git} becomes {@code https://user:****@host/repo.git}, and
     * {@code https://token@host/repo.git} becomes {@code https://****@host/repo.git}, wherever such a URI
     * stands in {@code text} (JGit's error messages quote the remote); text without credentials is returned
     * as it is.
     */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = USER_INFO.matcher(text);
        StringBuilder redacted = new StringBuilder();
        while (matcher.find()) {
            String userInfo = matcher.group(2);
            int colon = userInfo.indexOf(':');
            String hidden = colon >= 0 ? userInfo.substring(0, colon) + ":****" : "****";
            matcher.appendReplacement(redacted, Matcher.quoteReplacement(matcher.group(1) + hidden + "@"));
        }
        matcher.appendTail(redacted);
        return redacted.toString();
    }
}
