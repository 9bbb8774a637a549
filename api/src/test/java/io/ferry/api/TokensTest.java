package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {
    private final Tokens tokens = new Tokens("admin-secret", List.of("reader-1", "reader-2"));

    @Test
    void shouldGrantRolesByBearerToken() {
        assertThat(tokens.roleOf("Bearer admin-secret")).isEqualTo(Role.ADMIN);
        assertThat(tokens.roleOf("bearer reader-2")).isEqualTo(Role.READ);
        assertThat(tokens.roleOf("Bearer  reader-1 ")).isEqualTo(Role.READ);
    }

    @Test
    void shouldGrantNothingForMissingWrongOrPrefixTokens() {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "admin-secret", "Bearer admin",
                "Bearer admin-secretX", "Token admin-secret"}) {
            assertThat(tokens.roleOf(header)).as(String.valueOf(header)).isNull();
        }
    }

    @Test
    void shouldAcceptBasicAuthWithTokenAsPassword() {
        String basic = Base64.getEncoder().encodeToString("key:admin-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.roleOf("Basic " + basic)).isEqualTo(Role.ADMIN);
        String noPassword = Base64.getEncoder().encodeToString("admin-secret:".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.roleOf("Basic " + noPassword)).isNull();
        assertThat(tokens.roleOf("Basic !!notbase64")).isNull();
    }
}
