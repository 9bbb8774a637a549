package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.Json;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import io.ferry.testing.HeadlessBrowser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as a user sees it, in headless Chromium (src/test/browser/dashboard-render.js) over the real API
 * server: the token is kept for the tab only, downloads go through a signed link that carries no token, and the
 * in-flight list updates by itself. Each is judged by what the page shows, not by what app.js contains.
 */
class DashboardBrowserIT extends ApiTestBase {
    private static final String FILE_NAME = "front-door.bin";
    private static final String LIVE_NAME = "arrives-later.bin";

    @Test
    void shouldKeepTokenPerTabDownloadBySignedLinkAndPollTransfers() throws Exception {
        HeadlessBrowser browser = HeadlessBrowser.require();
        byte[] bytes = TestFiles.pattern(70_000);
        api.catalog.putFile(TestFiles.stored(root, "cam/1", "f:1", FILE_NAME, bytes, ApiHarness.NOW.toEpochMilli(),
                null));

        Process process = browser.start(Path.of("src/test/browser/dashboard-render.js"), api.url("/"),
                ApiHarness.READER, FILE_NAME, LIVE_NAME);
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.equals("READY")) {
                    // Only now, with the page loaded and nobody clicking, does the upload exist.
                    api.catalog.putTransfer(live());
                }
            }
        }
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String output = String.join("\n", lines);
        assertThat(process.exitValue()).as(output).isZero();
        JsonNode result = Json.MAPPER.readTree(lines.get(lines.size() - 1));

        assertThat(result.get("signInShownFirst").asBoolean()).as(output).isTrue();
        assertThat(result.get("listed").asBoolean()).as(output).isTrue();
        assertThat(result.get("signedInAfterReload").asBoolean()).as("same tab after reload: " + output).isTrue();
        assertThat(result.get("signedInInNewTab").asBoolean()).as("a new tab: " + output).isFalse();
        assertThat(result.get("downloadUrl").asText()).as(output).contains("/content")
                .doesNotContain(ApiHarness.READER).doesNotContain(ApiHarness.ADMIN);
        assertThat(result.get("downloadSha256").asText()).isEqualTo(Sha256.digest(bytes).hex());
        assertThat(result.get("liveShown").asBoolean()).as("the later upload listed without a click: " + output)
                .isTrue();
    }

    private static TransferSnapshot live() {
        long now = ApiHarness.NOW.toEpochMilli();
        TransferStatus status = new TransferStatus(TransferState.RECEIVING, List.of(new ByteRange(0, 100)), 100,
                1000L, List.of(new ByteRange(100, 1000)));
        return new TransferSnapshot("cam/2", "live", LIVE_NAME, status, now - 1_000, now);
    }
}
