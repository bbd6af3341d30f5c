package dev.vortex.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Lists in the server's merged configuration bind, with Spring Boot's real {@link Binder}, to what an application
 * of Spring Cloud Config's client binds from the same sources.
 *
 * <p>The client adds one Spring property source per Vortex property source, highest first; this starter adds one
 * holding the merged flat map ({@link Environment#mergedProperties()}, pushed as the flat shape). Each test binds
 * the same name and type from both and wants the same value; the value the client's view gives is asserted too, so
 * that the test says what Spring does.
 */
class MergedListsBindingTest {

    private static final ResolvableType LIST_OF_STRINGS = ResolvableType.forClassWithGenerics(List.class, String.class);
    private static final ResolvableType LIST_OF_LISTS =
            ResolvableType.forClassWithGenerics(List.class, LIST_OF_STRINGS);
    private static final ResolvableType MAP_OF_LISTS =
            ResolvableType.forClassWithGenerics(Map.class, ResolvableType.forClass(String.class), LIST_OF_STRINGS);

    record Route(String id, List<String> hosts) {}

    record Gateway(List<Route> routes, List<String> endpoints) {}

    @Test
    void aShorterListInAProfile_replacesTheWholeList() {
        Environment environment = environment(
                source("endpoints[0]", "prod-0"),
                source("endpoints[0]", "app-0", "endpoints[1]", "app-1", "endpoints[2]", "app-2"));

        assertThat(bothBind(environment, "endpoints", Bindable.listOf(String.class)))
                .isEqualTo(List.of("prod-0"));
    }

    @Test
    void aListOfMaps_comesWholeFromOneSource() {
        Environment environment = environment(
                source("routes[0].id", "prod"),
                source("routes[0].id", "app", "routes[0].uri", "http://a", "routes[1].id", "second"));

        assertThat(bothBind(environment, "routes", Bindable.listOf(Map.class)))
                .isEqualTo(List.of(Map.of("id", "prod")));
    }

    @Test
    void beansWithListsInside_bindTheElementsOfOneSource() {
        Environment environment = environment(
                source("gateway.routes[0].id", "x", "gateway.routes[0].hosts[0]", "h"),
                source(
                        "gateway.routes[0].id", "a",
                        "gateway.routes[0].hosts[0]", "a0",
                        "gateway.routes[0].hosts[1]", "a1",
                        "gateway.routes[1].id", "b",
                        "gateway.endpoints[0]", "e0",
                        "gateway.endpoints[1]", "e1"));

        assertThat(bothBind(environment, "gateway", Bindable.of(Gateway.class)))
                .isEqualTo(new Gateway(List.of(new Route("x", List.of("h"))), List.of("e0", "e1")));
    }

    @Test
    void listsOfLists_comeWholeFromOneSource() {
        Environment environment = environment(
                source("matrix[0][0]", "x"), source("matrix[0][0]", "a", "matrix[0][1]", "b", "matrix[1][0]", "c"));

        Object matrix = bothBind(environment, "matrix", Bindable.of(LIST_OF_LISTS));
        assertThat(matrix).isEqualTo(List.of(List.of("x")));
    }

    @Test
    void listsAsMapValues_eachComeFromTheHighestSourceThatHasIt_whileTheMapMerges() {
        Environment environment = environment(
                source("groups.a[0]", "prod-a"),
                source("groups.a[0]", "app-a0", "groups.a[1]", "app-a1", "groups.b[0]", "app-b0"));

        Object groups = bothBind(environment, "groups", Bindable.of(MAP_OF_LISTS));
        assertThat(groups).isEqualTo(Map.of("a", List.of("prod-a"), "b", List.of("app-b0")));
    }

    @Test
    void aCommaSeparatedValueAbove_replacesTheListBelow() {
        Environment environment = environment(source("hosts", "x,y"), source("hosts[0]", "a", "hosts[1]", "b"));

        assertThat(bothBind(environment, "hosts", Bindable.listOf(String.class)))
                .isEqualTo(List.of("x", "y"));
    }

    @Test
    void anEmptyListAbove_emptiesTheListBelow() {
        // A YAML 'hosts: []' is the empty value.
        Environment environment = environment(source("hosts", ""), source("hosts[0]", "a", "hosts[1]", "b"));

        assertThat(bothBind(environment, "hosts", Bindable.listOf(String.class)))
                .isEqualTo(List.of());
    }

    @Test
    void aListAbove_replacesACommaSeparatedValueBelow() {
        Environment environment = environment(source("hosts[0]", "a"), source("hosts", "x,y"));

        assertThat(bothBind(environment, "hosts", Bindable.listOf(String.class)))
                .isEqualTo(List.of("a"));
    }

    @Test
    void differentSpellingsOfOneName_areOneList() {
        Environment environment =
                environment(source("my-list[0]", "dashed"), source("myList[0]", "camel-0", "myList[1]", "camel-1"));

        assertThat(bothBind(environment, "my-list", Bindable.listOf(String.class)))
                .isEqualTo(List.of("dashed"));
    }

    @Test
    void bracketedMapKeys_mergeKeyByKey() {
        Environment environment =
                environment(source("labels[x.y]", "prod"), source("labels[x.y]", "app", "labels[z]", "app-z"));

        assertThat(bothBind(environment, "labels", Bindable.mapOf(String.class, String.class)))
                .isEqualTo(Map.of("x.y", "prod", "z", "app-z"));
    }

    /**
     * Binds {@code name} from the sources as Spring Cloud Config's client adds them and from the merged map as
     * this starter adds it, checks that both give the same, and returns it.
     */
    private static <T> T bothBind(Environment environment, String name, Bindable<T> target) {
        MutablePropertySources clientView = new MutablePropertySources();
        for (PropertySource source : environment.propertySources()) {
            clientView.addLast(new MapPropertySource(source.name(), source.source()));
        }
        T fromClient = bind(clientView, name, target);

        MutablePropertySources starterView = new MutablePropertySources();
        starterView.addLast(new MapPropertySource("vortex", environment.mergedProperties()));
        T fromStarter = bind(starterView, name, target);

        assertThat(fromStarter)
                .as("bound from the merged %s", environment.mergedProperties())
                .isEqualTo(fromClient);
        return fromClient;
    }

    private static <T> T bind(MutablePropertySources sources, String name, Bindable<T> target) {
        return new Binder(ConfigurationPropertySources.from(sources))
                .bind(name, target)
                .orElse(null);
    }

    /** An environment of {@code sources}, highest precedence first. */
    @SafeVarargs
    private static Environment environment(Map<String, Object>... sources) {
        List<PropertySource> propertySources = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            propertySources.add(new PropertySource("source-" + i, sources[i]));
        }
        return new Environment("orders", List.of("prod"), null, null, null, propertySources);
    }

    private static Map<String, Object> source(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
