package dev.vortex.core.format;

import java.util.List;

/** Dispatches to the parser of each format. TODO(core helper): implement. */
final class ConfigFileParsers {
    private ConfigFileParsers() {}

    static List<ConfigDocument> parse(ConfigFormat format, String fileName, byte[] content) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
