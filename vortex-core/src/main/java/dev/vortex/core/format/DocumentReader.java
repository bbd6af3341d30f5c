package dev.vortex.core.format;

import dev.vortex.core.ConfigFormatException;
import java.util.List;
import java.util.Map;

/** Reads the raw documents of one file format into flat property maps; activation is handled by the caller. */
interface DocumentReader {

    /**
     * @param fileName the name used in error messages
     * @param content the raw file content
     * @return one flat map (Spring property names to typed values, in file order) per document
     * @throws ConfigFormatException if the content is invalid, naming the file
     */
    List<Map<String, Object>> read(String fileName, byte[] content);
}
