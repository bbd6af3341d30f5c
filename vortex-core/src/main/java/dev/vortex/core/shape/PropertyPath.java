package dev.vortex.core.shape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A flat Spring property name split into its path: names joined by dots and list indexes in brackets
 * ({@code a.b[0][2].c}).
 *
 * <p>A name is one or more characters other than {@code .}, {@code [} and {@code ]}. An index is a decimal
 * number without leading zeros, at most {@link #MAX_INDEX}. Keys that do not follow this grammar (empty
 * parts, {@code map[key]} with a non-numeric key, leading zeros, huge indexes) have no path; the nested
 * shape keeps them flat. Because every accepted path has exactly one spelling, two distinct keys never share
 * a path.
 *
 * @param key the flat key
 * @param segments the path segments, never empty
 */
record PropertyPath(String key, List<Segment> segments) {

    /**
     * The largest list index expanded into an array; larger ones stay flat, so a stray {@code a[99999999]}
     * cannot make a gigantic array of nulls.
     */
    static final int MAX_INDEX = 9_999;

    /**
     * Canonical order: segment by segment, a path before any path it is a prefix of (so a value is met
     * before the children that would conflict with it), indexes before names, indexes numerically, names
     * by {@link String#compareTo}.
     */
    static final Comparator<PropertyPath> CANONICAL_ORDER = PropertyPath::compare;

    /**
     * One step of a path.
     *
     * @param name the map key, or {@code null} for an index
     * @param index the list index, or -1 for a name
     * @param start where the segment's text starts in the key: the name's first character, or the {@code [}
     */
    record Segment(String name, int index, int start) {
        boolean isIndex() {
            return name == null;
        }
    }

    PropertyPath {
        segments = List.copyOf(segments);
    }

    /**
     * @param key a flat property name
     * @return its path, or empty if the key does not follow the grammar
     */
    static Optional<PropertyPath> parse(String key) {
        List<Segment> segments = new ArrayList<>();
        int position = 0;
        boolean expectName = true;
        while (position < key.length() || expectName) {
            if (expectName) {
                int end = position;
                while (end < key.length() && ".[]".indexOf(key.charAt(end)) < 0) {
                    end++;
                }
                if (end == position) {
                    return Optional.empty();
                }
                segments.add(new Segment(key.substring(position, end), -1, position));
                position = end;
                expectName = false;
            } else if (key.charAt(position) == '.') {
                position++;
                expectName = true;
            } else if (key.charAt(position) == '[') {
                int close = key.indexOf(']', position);
                if (close < 0) {
                    return Optional.empty();
                }
                int index = parseIndex(key.substring(position + 1, close));
                if (index < 0) {
                    return Optional.empty();
                }
                segments.add(new Segment(null, index, position));
                position = close + 1;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new PropertyPath(key, segments));
    }

    /** The key's text from segment {@code from} on, i.e. the name of the entry relative to that point. */
    String suffixFrom(int from) {
        return key.substring(segments.get(from).start());
    }

    private static int parseIndex(String digits) {
        if (digits.isEmpty() || digits.length() > 4 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        int index = Integer.parseInt(digits);
        return index <= MAX_INDEX ? index : -1;
    }

    private static int compare(PropertyPath left, PropertyPath right) {
        int common = Math.min(left.segments.size(), right.segments.size());
        for (int i = 0; i < common; i++) {
            int result = compare(left.segments.get(i), right.segments.get(i));
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(left.segments.size(), right.segments.size());
    }

    private static int compare(Segment left, Segment right) {
        if (left.isIndex() != right.isIndex()) {
            return left.isIndex() ? -1 : 1;
        }
        return left.isIndex()
                ? Integer.compare(left.index(), right.index())
                : left.name().compareTo(right.name());
    }
}
