package dev.vortex.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void newDigest_hashesLikeTheProvidersSha256() throws Exception {
        byte[] text = "abc".getBytes(StandardCharsets.UTF_8);

        assertThat(HexFormat.of().formatHex(Sha256.newDigest().digest(text)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(text)));
    }

    @Test
    void eachDigest_isTheCallersOwn() {
        MessageDigest first = Sha256.newDigest();
        MessageDigest second = Sha256.newDigest();
        first.update((byte) 1);

        assertThat(second).isNotSameAs(first);
        assertThat(second.digest()).isEqualTo(Sha256.newDigest().digest());
    }
}
