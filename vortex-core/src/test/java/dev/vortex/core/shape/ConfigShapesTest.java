package dev.vortex.core.shape;

import static dev.vortex.core.TestMaps.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigShapesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void dottedKeys_becomeNestedObjects() throws Exception {
        ObjectNode nested = ConfigShapes.nested(ordered("server.port", 8080, "server.address", "local", "name", "x"));

        assertThat(nested).isEqualTo(json("{'server':{'port':8080,'address':'local'},'name':'x'}"));
    }

    @Test
    void indexedKeys_becomeArraysInNumericOrder() throws Exception {
        ObjectNode nested =
                ConfigShapes.nested(ordered("list[10]", "k", "list[2]", "c", "list[0]", "a", "list[1]", "b"));

        assertThat(nested.get("list")).isEqualTo(json("['a','b','c',null,null,null,null,null,null,null,'k']"));
    }

    @Test
    void arrayGaps_areFilledWithNull() throws Exception {
        assertThat(ConfigShapes.nested(ordered("a[2]", 1))).isEqualTo(json("{'a':[null,null,1]}"));
    }

    @Test
    void mapsInArraysAndNestedArrays_nest() throws Exception {
        ObjectNode nested = ConfigShapes.nested(ordered(
                "users[0].name",
                "ann",
                "users[0].roles[0]",
                "admin",
                "users[1].name",
                "bob",
                "m[0][1]",
                2,
                "m[1][0]",
                3));

        assertThat(nested)
                .isEqualTo(json("{'users':[{'name':'ann','roles':['admin']},{'name':'bob'}],'m':[[null,2],[3]]}"));
    }

    @Test
    void valueAndChildren_conflict_keepsTheChildFlat() throws Exception {
        assertThat(ConfigShapes.nested(ordered("a.b", 2, "a", 1))).isEqualTo(json("{'a':1,'a.b':2}"));
    }

    @Test
    void deeperConflict_staysFlatInTheDeepestObjectReached() throws Exception {
        ObjectNode nested = ConfigShapes.nested(ordered("x.a.b.c", 3, "x.a", 1, "x.z", 0));

        assertThat(nested).isEqualTo(json("{'x':{'a':1,'a.b.c':3,'z':0}}"));
    }

    @Test
    void conflictUnderAnArrayElement_staysFlatInTheObjectAboveTheArray() throws Exception {
        ObjectNode nested = ConfigShapes.nested(ordered("x.list[0].b", 2, "x.list[0]", 1));

        assertThat(nested).isEqualTo(json("{'x':{'list':[1],'list[0].b':2}}"));
    }

    @Test
    void arrayAndObjectAtTheSamePlace_arrayWins() throws Exception {
        ObjectNode nested = ConfigShapes.nested(ordered("a.name", "n", "a[0]", "zero"));

        assertThat(nested).isEqualTo(json("{'a':['zero'],'a.name':'n'}"));
    }

    @Test
    void malformedKeys_stayFlatAtTheTop() throws Exception {
        ObjectNode nested = ConfigShapes.nested(
                ordered("a..b", 1, "map[key]", 2, "a[01]", 3, "big[100000]", 4, "ok.x", 5, "", 6, "trail.", 7));

        assertThat(nested)
                .isEqualTo(json("{'ok':{'x':5},'':6,'a..b':1,'a[01]':3,'big[100000]':4,'map[key]':2,'trail.':7}"));
        assertThat(nested.fieldNames()).toIterable().first().isEqualTo("ok");
    }

    @Test
    void nestedShape_isTheSameWhateverTheInputOrder() throws Exception {
        List<String> keys = new ArrayList<>(List.of(
                "a",
                "a.b",
                "a.b.c",
                "a[0]",
                "a[1].x",
                "b[3]",
                "b[0].y",
                "b[0]",
                "c.d[0][1]",
                "c.d[0]",
                "c.d.e",
                "srv.port",
                "srv.host",
                "z",
                "map[key]"));
        Map<String, Object> reference = new LinkedHashMap<>();
        keys.forEach(key -> reference.put(key, key.length()));
        String expected = MAPPER.writeValueAsString(ConfigShapes.nested(reference));

        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Collections.shuffle(keys, random);
            Map<String, Object> shuffled = new LinkedHashMap<>();
            keys.forEach(key -> shuffled.put(key, key.length()));

            assertThat(MAPPER.writeValueAsString(ConfigShapes.nested(shuffled))).isEqualTo(expected);
        }
        assertThat(ConfigShapes.nested(reference).get("a").intValue()).isEqualTo(1);
    }

    @Test
    void typedValues_becomeTheMatchingJsonTypes() {
        Map<String, Object> flat = new HashMap<>();
        flat.put("int", 1);
        flat.put("long", 4000000000L);
        flat.put("big", new BigInteger("123456789012345678901234567890"));
        flat.put("double", 1.5);
        flat.put("bool", true);
        flat.put("text", "1");
        flat.put("none", null);

        ObjectNode nested = ConfigShapes.nested(flat);

        assertThat(nested.get("int").getNodeType()).isEqualTo(JsonNodeType.NUMBER);
        assertThat(nested.get("int").isInt()).isTrue();
        assertThat(nested.get("long").isLong()).isTrue();
        assertThat(nested.get("big").isBigInteger()).isTrue();
        assertThat(nested.get("big").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(nested.get("double").isDouble()).isTrue();
        assertThat(nested.get("bool").isBoolean()).isTrue();
        assertThat(nested.get("text").isTextual()).isTrue();
        assertThat(nested.get("none").isNull()).isTrue();
    }

    @Test
    void flatShape_isSortedByKey_withTypedValues() throws Exception {
        ObjectNode flat = ConfigShapes.flat(ordered("z", 1, "a.b", "x", "a[0]", true));

        assertThat(flat.fieldNames()).toIterable().containsExactly("a.b", "a[0]", "z");
        assertThat(flat).isEqualTo(json("{'a.b':'x','a[0]':true,'z':1}"));
    }

    @Test
    void emptyMap_givesEmptyObjects() {
        assertThat(ConfigShapes.nested(Map.of())).isEmpty();
        assertThat(ConfigShapes.flat(Map.of())).isEmpty();
    }
}
