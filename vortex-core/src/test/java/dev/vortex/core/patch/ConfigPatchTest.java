package dev.vortex.core.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigPatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void diff_appliedToTheOldConfig_givesTheNewOne_usingOnlyAddRemoveReplace() throws Exception {
        JsonNode from = json("{\"a\":{\"b\":1,\"c\":[1,2,3]},\"moved\":{\"x\":1},\"gone\":true,\"s~/k\":1}");
        JsonNode to = json("{\"a\":{\"b\":2,\"c\":[1,3]},\"elsewhere\":{\"x\":1},\"copy\":{\"x\":1},\"s~/k\":2}");

        ArrayNode patch = ConfigPatch.diff(from, to);

        assertThat(ConfigPatch.apply(patch, from)).isEqualTo(to);
        Set<String> ops = new HashSet<>();
        patch.forEach(op -> ops.add(op.get("op").asText()));
        assertThat(ops).isSubsetOf("add", "remove", "replace");
        assertThat(patch.toString()).contains("/s~0~1k");
    }

    @Test
    void diff_ofEqualConfigs_isEmpty() throws Exception {
        assertThat(ConfigPatch.diff(json("{\"a\":[1,{\"b\":2}]}"), json("{\"a\":[1,{\"b\":2}]}")))
                .isEmpty();
    }

    @Test
    void apply_toAConfigWithoutThePath_isRefused() throws Exception {
        JsonNode patch = json("[{\"op\":\"replace\",\"path\":\"/missing/x\",\"value\":1}]");
        assertThatThrownBy(() -> ConfigPatch.apply(patch, json("{}"))).isInstanceOf(IllegalArgumentException.class);
    }
}
