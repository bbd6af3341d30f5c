package dev.vortex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPatchesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void addRemoveReplace_onObjectsAndArrays_withEscapedNames() throws Exception {
        JsonNode target = json("{\"a\":{\"b\":1,\"c/d\":2,\"e~f\":3},\"list\":[\"x\",\"y\"]}");
        JsonNode patched = JsonPatches.apply(
                json("["
                        + "{\"op\":\"replace\",\"path\":\"/a/b\",\"value\":10},"
                        + "{\"op\":\"remove\",\"path\":\"/a/c~1d\"},"
                        + "{\"op\":\"add\",\"path\":\"/a/e~0f\",\"value\":30},"
                        + "{\"op\":\"add\",\"path\":\"/list/1\",\"value\":\"inserted\"},"
                        + "{\"op\":\"add\",\"path\":\"/list/-\",\"value\":\"last\"},"
                        + "{\"op\":\"remove\",\"path\":\"/list/0\"},"
                        + "{\"op\":\"replace\",\"path\":\"/list/0\",\"value\":{\"n\":1}}]"),
                target);

        assertThat(patched).isEqualTo(json("{\"a\":{\"b\":10,\"e~f\":30},\"list\":[{\"n\":1},\"y\",\"last\"]}"));
        assertThat(target.at("/a/b").asInt()).as("the original is untouched").isEqualTo(1);
    }

    @Test
    void patchesThatDoNotFit_areRefusedNamingTheOperation() throws Exception {
        JsonNode target = json("{\"a\":{\"b\":1},\"list\":[1]}");
        assertThatThrownBy(() -> JsonPatches.apply(json("[{\"op\":\"remove\",\"path\":\"/a/zz\"}]"), target))
                .hasMessageContaining("path does not exist")
                .hasMessageContaining("/a/zz");
        assertThatThrownBy(
                        () -> JsonPatches.apply(json("[{\"op\":\"add\",\"path\":\"/no/such\",\"value\":1}]"), target))
                .hasMessageContaining("/no/such");
        assertThatThrownBy(() -> JsonPatches.apply(json("[{\"op\":\"add\",\"path\":\"/list/5\",\"value\":1}]"), target))
                .hasMessageContaining("array index '5' out of range");
        assertThatThrownBy(() -> JsonPatches.apply(json("[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"}]"), target))
                .hasMessageContaining("unsupported patch operation 'copy'");
        assertThatThrownBy(() -> JsonPatches.apply(json("[{\"op\":\"add\",\"path\":\"/x\"}]"), target))
                .hasMessageContaining("'add' without a 'value'");
        assertThatThrownBy(() -> JsonPatches.apply(json("{\"op\":\"add\"}"), target))
                .hasMessageContaining("a patch is a JSON array");
    }
}
