package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static void assertEncodedAsTheMapperDoes(Environment environment) throws Exception {
        String expected = new String(MAPPER.writeValueAsBytes(environment), StandardCharsets.UTF_8);

        assertThat(new String(EnvironmentJson.encode(environment), StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }

    @Test
    void everyValueTypeAFileCanHold_isWrittenAsTheMapperWritesIt() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("text", "a \"quoted\" \\ line\nwith ünïcödé, a tab\t and \u0001 and an emoji \uD83D\uDE00");
        values.put("int", 8080);
        values.put("negative", -1);
        values.put("long", 9_000_000_000L);
        values.put("big", new BigInteger("123456789012345678901234567890"));
        values.put("double", 0.1);
        values.put("exponent", 1.0e-10);
        values.put("nan", Double.NaN);
        values.put("decimal", new BigDecimal("1.50"));
        values.put("true", true);
        values.put("false", false);
        values.put("null", null);
        values.put("empty", "");
        values.put("list", List.of("a", 1));
        values.put("", "empty key");
        Environment environment = new Environment(
                "orders",
                List.of("prod", "eu"),
                "main",
                "3f2c1e",
                null,
                List.of(new PropertySource("git:orders-prod.yml", values), new PropertySource("empty", Map.of())));

        assertEncodedAsTheMapperDoes(environment);
    }

    @Test
    void anEnvironmentWithoutLabelVersionOrSources_isWrittenAsTheMapperWritesIt() throws Exception {
        assertEncodedAsTheMapperDoes(new Environment("app", List.of(), null, null, "state", List.of()));
    }
}
