package dev.vortex.sources;

import dev.vortex.core.format.ConfigFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The configuration files among the files of some search locations. */
final class ConfigFileNames {
    private ConfigFileNames() {}

    static Set<String> of(List<? extends ConfigFileTree> locations) {
        Set<String> names = new TreeSet<>();
        for (ConfigFileTree location : locations) {
            for (String name : location.fileNames()) {
                if (ConfigFormat.forFileName(name).isPresent()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
