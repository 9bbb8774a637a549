package io.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FerryCliTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void shouldParseUploadOptions() throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "x");
        CommandLine cli = FerryCli.commandLine();

        CommandLine.ParseResult parsed = cli.parseArgs("upload", a.toString(), "--broker", "mqtt://h:1999",
                "--client-id", "cam-1", "--file-id", "f1", "--segment-size", "64k", "--async", "--mqtt", "3",
                "--window", "4");

        UploadCommand upload = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(upload.files).containsExactly(a);
        assertThat(upload.connection.broker).isEqualTo("mqtt://h:1999");
        assertThat(upload.connection.clientId).isEqualTo("cam-1");
        assertThat(upload.fileId).isEqualTo("f1");
        assertThat(upload.segmentSize).isEqualTo(64 * 1024);
        assertThat(upload.connection.async).isTrue();
        assertThat(upload.connection.mqttVersion).isEqualTo(3);
        assertThat(upload.window).isEqualTo(4);
    }

    @Test
    void shouldDefaultToLocalBrokerMqtt5AndSyncTopics() throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "x");

        CommandLine.ParseResult parsed = FerryCli.commandLine().parseArgs("upload", a.toString());

        UploadCommand upload = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(upload.connection.broker).isEqualTo(System.getenv().getOrDefault("FERRY_BROKER",
                "mqtt://localhost:1883"));
        assertThat(upload.connection.mqttVersion).isEqualTo(5);
        assertThat(upload.connection.async).isFalse();
        assertThat(upload.segmentSize).isZero();
        assertThat(ConnectionOptions.defaultClientId()).startsWith("ferry-").doesNotContain("/");
    }

    @Test
    void shouldRefuseFileIdWithSeveralFilesAsAUsageError() throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "x");
        Path b = Files.writeString(dir.resolve("b"), "y");

        int code = execute("upload", a.toString(), b.toString(), "--file-id", "f1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("exactly one FILE");
    }

    @Test
    void shouldRefuseAMissingFileAsAUsageError() {
        int code = execute("upload", dir.resolve("nope").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("not a file");
    }

    @Test
    void shouldRequireAFileOrAFileIdForStatusAndAbort() {
        assertThat(execute("status")).isEqualTo(2);
        assertThat(execute("abort")).isEqualTo(2);
        assertThat(execute("status", "--file-id", "f1", "x")).isEqualTo(2);
    }

    @Test
    void shouldRejectBadSegmentSizesAndUnknownCommands() {
        assertThatThrownBy(() -> SizeConverter.parse("12q")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThat(SizeConverter.parse("1MiB")).isEqualTo(1024 * 1024);
        assertThat(SizeConverter.parse("65536")).isEqualTo(65536);
        assertThat(execute("download")).isEqualTo(2);
        assertThat(execute()).isEqualTo(2);
    }

    private int execute(String... args) {
        CommandLine cli = FerryCli.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }
}
