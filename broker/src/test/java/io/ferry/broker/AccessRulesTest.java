package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.FerryMqtt;
import org.junit.jupiter.api.Test;

class AccessRulesTest {
    @Test
    void shouldDenyDeviceFiltersOnCommandPrefixesWhenSharedOrNot() {
        assertThat(AccessRules.deviceMaySubscribe("a", "$file/#")).isFalse();
        assertThat(AccessRules.deviceMaySubscribe("a", "$file-async/f/init")).isFalse();
        assertThat(AccessRules.deviceMaySubscribe("a", "$share/ferry/$file/#")).isFalse();
        assertThat(AccessRules.deviceMaySubscribe("a", "$share/g/$file-async/#")).isFalse();
        assertThat(AccessRules.deviceMaySubscribe("a", "$file")).isFalse();
    }

    @Test
    void shouldAllowDeviceOnlyItsOwnResponseTopicWhenSubscribingToResponses() {
        assertThat(AccessRules.deviceMaySubscribe("a", "$file-response/a")).isTrue();
        assertThat(AccessRules.deviceMaySubscribe("a/b", "$file-response/a/b")).isTrue();
        assertThat(AccessRules.deviceMaySubscribe("a", "$file-response/b")).isFalse();
        assertThat(AccessRules.deviceMaySubscribe("a", "$file-response/#")).isFalse();
        assertThat(AccessRules.deviceMaySubscribe("a", "$file-response/+")).isFalse();
        assertThat(AccessRules.deviceMaySubscribe("a", "$file-response/a/#")).isFalse();
        assertThat(AccessRules.deviceMaySubscribe("a", "$share/g/$file-response/b")).isFalse();
    }

    @Test
    void shouldAllowDeviceOrdinaryFiltersIncludingHashWhenOutboundFilterGuardsDollarTopics() {
        assertThat(AccessRules.deviceMaySubscribe("a", "#")).isTrue();
        assertThat(AccessRules.deviceMaySubscribe("a", "+/x")).isTrue();
        assertThat(AccessRules.deviceMaySubscribe("a", "sensors/temp")).isTrue();
    }

    @Test
    void shouldDeliverToDeviceNeitherCommandsNorOtherClientsResponses() {
        assertThat(AccessRules.deviceMayReceive("a", "$file/f/init")).isFalse();
        assertThat(AccessRules.deviceMayReceive("a", "$file-async/f/0")).isFalse();
        assertThat(AccessRules.deviceMayReceive("a", "$file-response/b")).isFalse();
        assertThat(AccessRules.deviceMayReceive("a", "$file-response/a/x")).isFalse();
        assertThat(AccessRules.deviceMayReceive("a", "$file-response/a")).isTrue();
        assertThat(AccessRules.deviceMayReceive("a", "my/responses")).isTrue();
    }

    @Test
    void shouldForbidForgedResponsesWhenPublishing() {
        assertThat(AccessRules.deviceMayPublish("$file-response/b")).isFalse();
        assertThat(AccessRules.deviceMayPublish("$file/f/init")).isTrue();
    }

    @Test
    void shouldRecognizeCommandAndResponseTopicsAsFerryTopics() {
        assertThat(FerryMqtt.isFerryTopic("$file/f/init")).isTrue();
        assertThat(FerryMqtt.isFerryTopic("$file-async/f/0")).isTrue();
        assertThat(FerryMqtt.isFerryTopic("$file-response/x")).isTrue();
        assertThat(FerryMqtt.isFerryTopic("status/x")).isFalse();
    }

    @Test
    void shouldStripShareGroupWhenUnsharing() {
        assertThat(AccessRules.unshared("$share/g/a/b")).isEqualTo("a/b");
        assertThat(AccessRules.unshared("a/b")).isEqualTo("a/b");
        assertThat(AccessRules.unshared("$share/g")).isEmpty();
    }
}
