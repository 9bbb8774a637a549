package io.ferry.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AclTest {
    private static final Identity CAMERA = new Identity("camera-1", "alice", Identity.Method.PASSWORD);
    private static final Identity ANONYMOUS = Identity.anonymous("camera-1");

    @Test
    void shouldFillClientIdAndUsernamePlaceholdersWhenMatching() {
        Acl acl = Acl.parse("""
                allow publish devices/{clientId}/#
                allow subscribe users/{username}/+
                """);

        assertThat(acl.mayPublish(CAMERA, "devices/camera-1/telemetry")).isTrue();
        assertThat(acl.mayPublish(CAMERA, "devices/camera-2/telemetry")).isFalse();
        assertThat(acl.maySubscribe(CAMERA, "users/alice/inbox")).isTrue();
        assertThat(acl.maySubscribe(CAMERA, "users/bob/inbox")).isFalse();
    }

    @Test
    void shouldDenyByDefaultWhenNoRuleMatches() {
        Acl acl = Acl.parse("allow publish telemetry/{clientId}\n");

        assertThat(acl.mayPublish(CAMERA, "telemetry/camera-1")).isTrue();
        assertThat(acl.mayPublish(CAMERA, "other")).isFalse();
        assertThat(acl.maySubscribe(CAMERA, "telemetry/camera-1")).isFalse();
    }

    @Test
    void shouldSkipUsernameRulesWhenIdentityHasNoVerifiedUsername() {
        Acl acl = Acl.parse("allow all users/{username}/#\n");

        assertThat(acl.mayPublish(ANONYMOUS, "users/null/x")).isFalse();
        assertThat(acl.mayPublish(ANONYMOUS, "users//x")).isFalse();
    }

    @Test
    void shouldSkipPlaceholderRuleWhenClientIdIsNotOnePlainLevel() {
        Acl acl = Acl.parse("allow all devices/{clientId}/#\n");

        assertThat(acl.maySubscribe(Identity.anonymous("+"), "devices/+/#")).isFalse();
        assertThat(acl.maySubscribe(Identity.anonymous("#"), "devices/#")).isFalse();
        assertThat(acl.mayPublish(Identity.anonymous("a/b"), "devices/a/b/x")).isFalse();
    }

    @Test
    void shouldApplyFirstMatchingRuleWhenRulesConflict() {
        Acl acl = Acl.parse("""
                deny publish devices/{clientId}/admin
                allow publish devices/{clientId}/#
                """);

        assertThat(acl.mayPublish(CAMERA, "devices/camera-1/admin")).isFalse();
        assertThat(acl.mayPublish(CAMERA, "devices/camera-1/data")).isTrue();
    }

    @Test
    void shouldRequireAllowRuleToCoverTheWholeSubscription() {
        Acl acl = Acl.parse("allow subscribe devices/{clientId}/#\n");

        assertThat(acl.maySubscribe(CAMERA, "devices/camera-1/#")).isTrue();
        assertThat(acl.maySubscribe(CAMERA, "devices/camera-1/+/x")).isTrue();
        assertThat(acl.maySubscribe(CAMERA, "devices/+/cmd")).isFalse();
        assertThat(acl.maySubscribe(CAMERA, "devices/#")).isFalse();
        assertThat(acl.maySubscribe(CAMERA, "#")).isFalse();
    }

    @Test
    void shouldDenySubscriptionThatOverlapsADenyRule() {
        Acl acl = Acl.parse("""
                deny subscribe secret/#
                allow subscribe #
                """);

        assertThat(acl.maySubscribe(CAMERA, "+/x")).isFalse();
        assertThat(acl.maySubscribe(CAMERA, "#")).isFalse();
        assertThat(acl.maySubscribe(CAMERA, "public/x")).isTrue();
    }

    @Test
    void shouldApplyRuleOnlyToNamedClientOrUserWhenGiven() {
        Acl acl = Acl.parse("""
                allow subscribe fleet/# user:alice
                allow publish ota/# client:camera-2
                """);

        assertThat(acl.maySubscribe(CAMERA, "fleet/#")).isTrue();
        assertThat(acl.maySubscribe(Identity.anonymous("camera-2"), "fleet/#")).isFalse();
        assertThat(acl.mayPublish(CAMERA, "ota/x")).isFalse();
        assertThat(acl.mayPublish(Identity.anonymous("camera-2"), "ota/x")).isTrue();
    }

    @Test
    void shouldNotMatchDollarTopicsWithLeadingWildcards() {
        Acl acl = Acl.parse("allow all #\n");

        assertThat(acl.mayPublish(CAMERA, "$SYS/x")).isFalse();
        assertThat(acl.mayPublish(CAMERA, "any/topic")).isTrue();
    }

    @Test
    void shouldNameTheLineWhenParsingBadRules() {
        assertThatThrownBy(() -> Acl.parse("allow publish a\npermit publish b\n"))
                .hasMessageContaining("line 2").hasMessageContaining("permit");
        assertThatThrownBy(() -> Acl.parse("allow read a\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> Acl.parse("allow publish a/#/b\n")).hasMessageContaining("not a topic filter");
        assertThatThrownBy(() -> Acl.parse("allow publish a group:x\n")).hasMessageContaining("group:x");
    }
}
