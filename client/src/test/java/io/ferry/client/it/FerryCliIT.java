package io.ferry.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FileIds;
import io.ferry.client.cli.FerryCli;
import io.ferry.testing.KafkaFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ferry upload|status|abort} against the real broker and Kafka, with {@link ProtocolServer} answering. */
class FerryCliIT {
    @RegisterExtension
    @Order(1)
    static final KafkaFixture KAFKA = new KafkaFixture();
    @RegisterExtension
    @Order(2)
    static final BrokerFixture FIXTURE = new BrokerFixture(KAFKA);
    @TempDir
    static Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldUploadSeveralFilesThenReportAndAbortFromTheCommandLine() throws Exception {
        Path a = BrokerFixture.randomFile(dir, "cli-a.bin", 300_000, 1);
        Path b = BrokerFixture.randomFile(dir, "cli-b.bin", 1_000_000, 2);

        int code = run("upload", a.toString(), b.toString(), "--segment-size", "64k", "-q");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ok     " + a).contains("ok     " + b)
                .contains("sha256=" + BrokerFixture.sha256(b));
        assertThat(FIXTURE.server.transfer("cli-dev", FileIds.forFile(a)).exported).isTrue();

        assertThat(run("status", a.toString())).isZero();
        assertThat(out.toString()).contains("state     exported");

        assertThat(run("abort", "--file-id", FileIds.forFile(b))).isZero();
        assertThat(out.toString()).contains("aborted " + FileIds.forFile(b));
        assertThat(FIXTURE.server.transfer("cli-dev", FileIds.forFile(b))).isNull();
    }

    @Test
    void shouldExitOneWhenTheServerRejectsTheFile() throws Exception {
        Path first = BrokerFixture.randomFile(dir, "reused-1.bin", 1000, 3);
        Path second = BrokerFixture.randomFile(dir, "reused-2.bin", 2000, 4);
        assertThat(run("upload", first.toString(), "--file-id", "reused", "-q")).isZero();

        int code = run("upload", second.toString(), "--file-id", "reused", "-q");

        assertThat(code).isEqualTo(FerryCli.EXIT_FAILED);
        assertThat(err.toString()).contains("FAILED " + second).contains("[filemeta_conflict]");
    }

    @Test
    void shouldUploadAFileLargerThanTheClientsHeap() throws Exception {
        long size = 64L * 1024 * 1024;
        Path big = BrokerFixture.randomFile(dir, "big.bin", size, 5);
        Path log = dir.resolve("big.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), FerryCli.class.getName(),
                "upload", big.toString(), "--broker", "mqtt://127.0.0.1:" + FIXTURE.broker.port(),
                "--client-id", "cli-big", "--segment-size", "256k", "-q");

        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(240, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("ok     " + big);
        StoredTransfer stored = FIXTURE.server.transfer("cli-big", FileIds.forFile(big));
        assertThat(stored.exported).isTrue();
        assertThat(stored.sha256(size)).isEqualTo(BrokerFixture.digest(big));
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = FerryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 4];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--broker";
        full[args.length + 1] = "mqtt://127.0.0.1:" + FIXTURE.broker.port();
        full[args.length + 2] = "--client-id";
        full[args.length + 3] = "cli-dev";
        return cli.execute(full);
    }
}
