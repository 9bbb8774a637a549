package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.ByteRange;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransfersApiTest {
    @TempDir
    Path root;
    private ApiHarness api;
    private long now;

    @BeforeEach
    void start() {
        api = new ApiHarness(root);
        now = ApiHarness.NOW.toEpochMilli();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldListTransfersWithProgressRangesAndStalledFlag() {
        api.catalog.putTransfer(snapshot("c/1", "f:1", TransferState.RECEIVING, now - 61_000));
        api.catalog.putTransfer(snapshot("c2", "f", TransferState.RECEIVING, now - 1_000));
        JsonNode transfers = api.getJson("/api/v1/transfers", ApiHarness.READER).get("transfers");
        assertThat(transfers).hasSize(2);
        JsonNode active = transfers.get(0);
        assertThat(active.get("clientId").asText()).isEqualTo("c2");
        assertThat(active.get("stalled").asBoolean()).isFalse();
        JsonNode stalled = transfers.get(1);
        assertThat(stalled.get("clientId").asText()).isEqualTo("c/1");
        assertThat(stalled.get("fileId").asText()).isEqualTo("f:1");
        assertThat(stalled.get("name").asText()).isEqualTo("movie.mp4");
        assertThat(stalled.get("state").asText()).isEqualTo("receiving");
        assertThat(stalled.get("bytes").asLong()).isEqualTo(300);
        assertThat(stalled.get("size").asLong()).isEqualTo(1000);
        assertThat(stalled.get("received").toString()).isEqualTo("[[0,100],[500,700]]");
        assertThat(stalled.get("missing").toString()).isEqualTo("[[100,500],[700,1000]]");
        assertThat(stalled.get("startedAt").asText()).isEqualTo("2025-06-01T11:58:00Z");
        assertThat(stalled.get("lastActivity").asText()).isEqualTo("2025-06-01T11:58:59Z");
        assertThat(stalled.get("stalled").asBoolean()).isTrue();
    }

    @Test
    void shouldMarkStalledOnlyAfterThresholdAndNeverWhenFinished() {
        api.catalog.putTransfer(snapshot("c", "f", TransferState.RECEIVING, now));
        api.catalog.putTransfer(snapshot("c", "done", TransferState.EXPORTED, now));
        String one = "/api/v1/transfers/c/f";
        assertThat(api.getJson(one, ApiHarness.READER).get("stalled").asBoolean()).isFalse();
        api.clock.advance(Duration.ofSeconds(60));
        assertThat(api.getJson(one, ApiHarness.READER).get("stalled").asBoolean()).isFalse();
        api.clock.advance(Duration.ofMillis(1));
        assertThat(api.getJson(one, ApiHarness.READER).get("stalled").asBoolean()).isTrue();
        assertThat(api.getJson("/api/v1/transfers/c/done", ApiHarness.READER).get("stalled").asBoolean()).isFalse();
    }

    @Test
    void shouldFilterByClientAndForgetTombstonedTransfers() {
        api.catalog.putTransfer(snapshot("a", "f", TransferState.RECEIVING, now));
        api.catalog.putTransfer(snapshot("b", "f", TransferState.RECEIVING, now));
        assertThat(api.getJson("/api/v1/transfers?clientId=a", ApiHarness.READER).get("transfers")).hasSize(1);
        api.catalog.removeTransfer(new TransferId("a", "f"));
        assertThat(api.get("/api/v1/transfers/a/f", ApiHarness.READER).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/transfers?limit=0", ApiHarness.READER).statusCode()).isEqualTo(400);
    }

    private static TransferSnapshot snapshot(String clientId, String fileId, TransferState state, long lastActivity) {
        TransferStatus status = new TransferStatus(state, List.of(new ByteRange(0, 100), new ByteRange(500, 700)),
                300, 1000L, List.of(new ByteRange(100, 500), new ByteRange(700, 1000)));
        return new TransferSnapshot(clientId, fileId, "movie.mp4", status, ApiHarness.NOW.toEpochMilli() - 120_000,
                lastActivity);
    }
}
