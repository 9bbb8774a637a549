package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.exporter.sink.s3.S3SinkConfig;
import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkUriTest {
    @Test
    void shouldReadAbsoluteAndRelativeDirectoriesWhenFileUri() {
        assertThat(SinkUri.parse("file:///var/lib/ferry/files").localRoot()).isEqualTo(Path.of("/var/lib/ferry/files"));
        assertThat(SinkUri.parse("file:data/files").localRoot())
                .isEqualTo(Path.of("data/files").toAbsolutePath().normalize());
        assertThat(SinkUri.parse("file://localhost/tmp/x").localRoot()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void shouldEndThePrefixWithASlashWhenS3UriHasAPath() {
        assertThat(SinkUri.parse("s3://bucket/a/b")).isEqualTo(new SinkUri("s3", null, "bucket", "a/b/"));
        assertThat(SinkUri.parse("s3://bucket/a/")).isEqualTo(new SinkUri("s3", null, "bucket", "a/"));
        assertThat(SinkUri.parse("s3://bucket")).isEqualTo(new SinkUri("s3", null, "bucket", ""));
    }

    @Test
    void shouldExplainWhenUriIsNotASink() {
        assertThatThrownBy(() -> SinkUri.parse("file://data/files")).hasMessageContaining("names host 'data'")
                .hasMessageContaining("file:///absolute/dir");
        assertThatThrownBy(() -> SinkUri.parse("s3:///prefix")).hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> SinkUri.parse("gs://bucket")).hasMessageContaining("neither file:///dir nor s3://");
        assertThatThrownBy(() -> SinkUri.parse("file:///a b")).hasMessageContaining("is not a URI");
        assertThatThrownBy(() -> SinkUri.parseList("s3://a,s3://b")).hasMessageContaining("more than one s3://");
        assertThatThrownBy(() -> SinkUri.parseList(" , ")).hasMessageContaining("no sink");
    }

    @Test
    void shouldConfigureBothSinksWhenFerrySinksListsADirectoryAndS3() {
        Settings settings = SinkSettings.apply(new Settings(Settings.fromEnvironment(Map.of(
                "FERRY_SINKS", "file:///srv/files, s3://archive/devices",
                "FERRY_S3_ENDPOINT", "http://127.0.0.1:9000",
                "FERRY_S3_REGION", "eu-west-1",
                "FERRY_S3_ACCESS_KEY", "ak",
                "FERRY_S3_SECRET_KEY", "sk",
                "FERRY_S3_PATH_STYLE", "true"))));

        ExporterConfig config = ExporterConfig.fromSettings(settings);

        assertThat(config.sinks()).containsExactly("local", "s3");
        assertThat(config.localRoot()).isEqualTo(Path.of("/srv/files"));
        S3SinkConfig s3 = config.s3();
        assertThat(List.of(s3.endpoint().toString(), s3.bucket(), s3.prefix(), s3.region(), s3.accessKey(),
                s3.secretKey())).containsExactly("http://127.0.0.1:9000", "archive", "devices/", "eu-west-1", "ak",
                "sk");
        assertThat(s3.pathStyle()).isTrue();
    }

    @Test
    void shouldPreferTheSharedS3KeyOverItsDeprecatedExporterAliasAndStillReadTheAliasAlone() {
        Settings both = SinkSettings.apply(new Settings(Map.of("ferry.sinks", "s3://b",
                "ferry.s3.region", "eu-west-1", "ferry.exporter.s3.region", "us-west-2")));
        Settings alias = SinkSettings.apply(new Settings(Map.of("ferry.sinks", "s3://b",
                "ferry.exporter.s3.region", "us-west-2", "ferry.exporter.s3.endpoint", "http://127.0.0.1:9000")));

        assertThat(ExporterConfig.fromSettings(both).s3().region()).isEqualTo("eu-west-1");
        S3SinkConfig fromAlias = ExporterConfig.fromSettings(alias).s3();
        assertThat(fromAlias.region()).isEqualTo("us-west-2");
        assertThat(fromAlias.endpoint()).hasToString("http://127.0.0.1:9000");
        assertThat(fromAlias.pathStyle()).isTrue();
    }

    @Test
    void shouldNameTheVariableWhenFerrySinksIsInvalidOrDuplicated() {
        assertThatThrownBy(() -> SinkSettings.apply(new Settings(Map.of("ferry.sinks", "ftp://x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FERRY_SINKS: 'ftp://x'");
        assertThatThrownBy(() -> SinkSettings.apply(new Settings(Map.of("ferry.sinks", "s3://x",
                "ferry.exporter.sinks", "local")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("FERRY_EXPORTER_SINKS");
    }
}
