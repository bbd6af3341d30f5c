package dev.vortex.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class PasswordRealmTest {

    @Test
    void theDummyHash_isAValidCost10BcryptHash_soAnUnknownNameCostsWhatAWrongPasswordCosts() {
        assertThat(PasswordRealm.DUMMY_HASH).startsWith("$2a$10$");
        assertThat(BCrypt.checkpw("not a password", PasswordRealm.DUMMY_HASH)).isTrue();
        assertThat(BCrypt.checkpw("something else", PasswordRealm.DUMMY_HASH)).isFalse();
    }
}
