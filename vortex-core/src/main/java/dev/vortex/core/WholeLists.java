package dev.vortex.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lists of a set of property sources, each provided whole by one source: the highest-precedence source that
 * has any key of it. The keys of that list in the other sources are left out, so a profile file with
 * {@code endpoints[0]} replaces the three {@code endpoints} of {@code application.yml} instead of changing only
 * their first item.
 *
 * <p>Which keys make one list differs between Spring Cloud Config Server's renderings and Spring Boot's binder:
 * see {@link Grouping}.
 */
final class WholeLists {

    /** How keys are grouped into lists. */
    enum Grouping {
        /**
         * Spring Cloud Config Server's {@code .yml}, {@code .properties} and {@code .json} renderings
         * ({@code EnvironmentController.convertToProperties}): the list of a key is its text before the first
         * {@code [}, whatever the brackets hold; a key without brackets belongs to no list, so a value {@code a}
         * and a list {@code a[0]} from different sources are both kept.
         */
        SERVER_RENDERING {
            @Override
            String listOfElement(String key) {
                int bracket = key.indexOf('[');
                return bracket < 0 ? null : key.substring(0, bracket);
            }

            @Override
            String listOfValue(String key) {
                return null;
            }
        },

        /**
         * Spring Boot's binder ({@code IndexedElementsBinder}), as an application sees the sources that Spring
         * Cloud Config's client adds one by one. It binds a list from the first source that has the list's name
         * as a value ({@code a=x,y}, also an empty one) or any indexed element, and every element, with what is
         * nested in it ({@code a[0].b}, {@code a[0][1]}), from that source alone. So the list of a key is its
         * text before the first numeric index: {@code a} for {@code a[0].b[1]}, {@code a.b} for
         * {@code a.b[0].c}, {@code m[x.y].l} for {@code m[x.y].l[0]} (a non-numeric bracket is a map key, merged
         * key by key as Spring's {@code MapBinder} does). A key without index stands for the list of its name
         * when there is one: {@code a=x} above {@code a[0]=y} gives {@code [x]}, below it {@code [y]}. Names
         * are compared as Spring's {@code ConfigurationPropertyName} compares them (case, dashes and other
         * characters than letters and digits ignored outside brackets), so {@code my-list[0]},
         * {@code myList[0]} and {@code my_list[0]} are one list.
         */
        SPRING_BINDER {
            @Override
            String listOfElement(String key) {
                int index = firstNumericIndex(key);
                return index < 0 ? null : uniformName(key.substring(0, index));
            }

            @Override
            String listOfValue(String key) {
                return uniformName(key);
            }
        };

        /** The list that {@code key} is an element of (or inside an element of), or {@code null}. */
        abstract String listOfElement(String key);

        /**
         * The list that {@code key}, a key of no list, would stand for as a whole if a list of that name
         * exists, or {@code null} when a value never stands for a list.
         */
        abstract String listOfValue(String key);
    }

    private final Grouping grouping;
    private final Set<String> lists = new HashSet<>();
    /** For each list, the position of the source that provides it, in the highest-first list of sources. */
    private final Map<String, Integer> providers = new HashMap<>();

    private WholeLists(Grouping grouping) {
        this.grouping = grouping;
    }

    /**
     * Finds the lists of {@code sources} and the source that provides each.
     *
     * @param sources the sources, highest precedence first
     * @param grouping which keys make one list
     * @return the lists
     */
    static WholeLists of(List<PropertySource> sources, Grouping grouping) {
        WholeLists wholeLists = new WholeLists(grouping);
        for (PropertySource source : sources) {
            for (String key : source.source().keySet()) {
                String list = grouping.listOfElement(key);
                if (list != null) {
                    wholeLists.lists.add(list);
                }
            }
        }
        for (int position = 0; position < sources.size(); position++) {
            for (String key : sources.get(position).source().keySet()) {
                String list = wholeLists.listOf(key);
                if (list != null) {
                    wholeLists.providers.putIfAbsent(list, position);
                }
            }
        }
        return wholeLists;
    }

    /**
     * @param key a property name
     * @return the list {@code key} belongs to (as an element, or as a value standing for the whole list), or
     *     {@code null} when it belongs to none and takes its value from the highest source that has it
     */
    String listOf(String key) {
        String list = grouping.listOfElement(key);
        if (list != null) {
            return list;
        }
        if (lists.isEmpty()) {
            return null;
        }
        String standingFor = grouping.listOfValue(key);
        return standingFor != null && lists.contains(standingFor) ? standingFor : null;
    }

    /**
     * @param list a list from {@link #listOf}
     * @param position the position of a source in the highest-first list of sources
     * @return whether that source provides the list, so that its keys of the list are taken
     */
    boolean providedBy(String list, int position) {
        return providers.get(list) == position;
    }

    /** Where the first index that holds only digits ({@code [0]}, {@code [12]}) starts, or -1. */
    static int firstNumericIndex(String key) {
        int open = key.indexOf('[');
        while (open >= 0) {
            int close = key.indexOf(']', open);
            if (close < 0) {
                return -1;
            }
            if (close > open + 1 && isDigits(key, open + 1, close)) {
                return open;
            }
            open = key.indexOf('[', close);
        }
        return -1;
    }

    private static boolean isDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The form in which Spring's {@code ConfigurationPropertyName} compares a name: outside brackets, letters
     * lower-cased and every character other than {@code a-z}, {@code 0-9} and the dots dropped; brackets kept as
     * they are.
     */
    static String uniformName(String name) {
        StringBuilder uniform = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            char ch = name.charAt(i);
            if (ch == '[') {
                int close = name.indexOf(']', i);
                int end = close < 0 ? name.length() : close + 1;
                uniform.append(name, i, end);
                i = end;
                continue;
            }
            char lower = Character.toLowerCase(ch);
            if (ch == '.' || (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
                uniform.append(lower);
            }
            i++;
        }
        return uniform.toString();
    }
}
