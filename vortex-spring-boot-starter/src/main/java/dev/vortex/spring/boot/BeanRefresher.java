package dev.vortex.spring.boot;

import java.util.Set;

/** What happens to the application's beans after the {@code Environment} took a change. */
interface BeanRefresher {
    /** Called on the change applier's thread once the property source holds the new values. */
    void refresh(Set<String> changedNames);
}
