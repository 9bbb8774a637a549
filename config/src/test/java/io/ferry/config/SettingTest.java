package io.ferry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
    private static final Setting<Integer> PORT = Setting.integer("ferry.x.port", 1883, 0, 65535, "a port")
            .withAliases("ferry.x.old.port");
    private static final Setting<String> MODE = Setting.string("ferry.x.mode", "file", "a mode")
            .validatedBy(Validators.OneOf.of("file", "in-memory"));

    @Test
    void shouldReadTheKeyThenItsDeprecatedAliasThenTheDefault() {
        assertThat(new Settings(Map.of()).get(PORT)).isEqualTo(1883);
        assertThat(new Settings(Map.of("ferry.x.old.port", "7")).get(PORT)).isEqualTo(7);
        assertThat(new Settings(Map.of("ferry.x.old.port", "7", "ferry.x.port", "8")).get(PORT)).isEqualTo(8);
        assertThat(new Settings(Settings.fromEnvironment(Map.of("FERRY_X_OLD_PORT", "9"))).get(PORT)).isEqualTo(9);
    }

    @Test
    void shouldNameEveryBadKeyAtOnceAndReturnDefaults() {
        Settings settings = new Settings(Map.of("ferry.x.port", "70000", "ferry.x.mode", "disk",
                "ferry.x.wait", "soon"));
        Setting<Duration> wait = Setting.duration("ferry.x.wait", Duration.ofSeconds(3), "a wait");

        assertThat(settings.get(PORT)).isEqualTo(1883);
        assertThat(settings.get(MODE)).isEqualTo("file");
        assertThat(settings.get(wait)).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).containsExactly(
                        "ferry.x.port: 70000 is outside [0, 65535]",
                        "ferry.x.mode: 'disk' is not file or in-memory",
                        "ferry.x.wait: 'soon' is not a duration (e.g. 500ms, 30s, 5m, 24h)"));
    }

    @Test
    void shouldRequireAndMaskSecrets() {
        Setting<String> token = Setting.password("ferry.x.token", "a token").asRequired();
        Setting<Integer> count = Setting.integer("ferry.x.count", 1, 1, 10, "a count").secretValue();
        Settings settings = new Settings(Map.of("ferry.x.count", "lots"));

        assertThat(settings.get(token)).isNull();
        settings.get(count);

        assertThatThrownBy(settings::validate).hasMessageContaining("ferry.x.token: required")
                .hasMessageContaining("ferry.x.count: '******' is not an integer").hasMessageNotContaining("lots");
        assertThat(Settings.masked(Map.of("sasl.jaas.config", "x", "ssl.truststore.password", "y", "acks", "all")))
                .containsExactly(Map.entry("acks", "all"), Map.entry("sasl.jaas.config", "******"),
                        Map.entry("ssl.truststore.password", "******"));
    }

    @Test
    void shouldReadListsAndPassThroughPrefixes() {
        Settings settings = new Settings(Map.of("ferry.x.list", " a, b,,a ", "ferry.kafka.producer.acks", "1"));

        assertThat(settings.get(Setting.list("ferry.x.list", "local", "a list"))).containsExactly("a", "b");
        assertThat(settings.get(Setting.list("ferry.x.other", "local", "a list"))).isEqualTo(List.of("local"));
        assertThat(settings.get(KafkaSettings.PRODUCER)).containsExactly(Map.entry("acks", "1"));
        assertThat(settings.get(KafkaSettings.BOOTSTRAP_SERVERS)).isEqualTo("localhost:9092");
    }

    @Test
    void shouldRefuseAZeroReplicationByKey() {
        Settings settings = new Settings(Map.of("ferry.topics.replication", "0"));
        assertThat(settings.get(TopicSettings.REPLICATION)).isEqualTo(-1);
        assertThatThrownBy(settings::validate).hasMessageContaining("ferry.topics.replication: must be -1");
    }

    @Test
    void shouldRenderEveryKeyWithEnvironmentDefaultRuleAndAlias() {
        String markdown = ConfigReference.markdown("Configuration", "Intro.",
                List.of(SettingGroup.of("Example", "Example group.", PORT, MODE, KafkaSettings.PRODUCER)));

        assertThat(markdown).contains("## Example\n\nExample group.\n")
                .contains("| `ferry.x.port` | `FERRY_X_PORT` | `1883` | 0 to 65535 | a port Deprecated alias:"
                        + " `ferry.x.old.port`. |")
                .contains("| `ferry.x.mode` | `FERRY_X_MODE` | `file` | one of file, in-memory | a mode |")
                .contains("| `ferry.kafka.producer.*` | `FERRY_KAFKA_PRODUCER_*` |");
    }

    @Test
    void shouldRefuseUndocumentedOrDuplicateDefinitions() {
        assertThatThrownBy(() -> Setting.string("ferry.x.y", null, " ")).hasMessageContaining("undocumented");
        assertThatThrownBy(() -> SettingGroup.of("G", "g", PORT, PORT)).hasMessageContaining("defined twice");
    }
}
