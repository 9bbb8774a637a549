package io.ferry.system.security;

import static io.ferry.system.security.ClientIdentityIT.bytes;
import static io.ferry.system.security.SecuredFerry.ADMIN_TOKEN;
import static io.ferry.system.security.SecuredFerry.READ_TOKEN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.system.Device;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every limit answers clearly instead of failing silently or hurting others: segment size and init size at the
 * broker's ingress (128 {@code segment_too_large} / {@code invalid_filemeta}), file size and transfers per client at the
 * assembler (151 {@code quota_exceeded}); and the API's token model (401 without a token, 403 for a read token on a
 * delete). One partition, so the per-task quota counters are per client exactly.
 */
class LimitsAndAuthIT {
    private static final int MAX_SEGMENT = 64 * 1024;
    private static final int MAX_INIT = 1024;
    private static final long MAX_FILE = 200_000;
    private static final int MAX_TRANSFERS = 3;
    private static SecuredFerry ferry;

    @BeforeAll
    static void start() throws Exception {
        ferry = SecuredFerry.start(Map.of(
                "ferry.topics.partitions", "1",
                "ferry.ingress.max.segment.bytes", Integer.toString(MAX_SEGMENT),
                "ferry.ingress.max.init.bytes", Integer.toString(MAX_INIT),
                "ferry.assembler.quota.file.size", Long.toString(MAX_FILE),
                "ferry.assembler.quota.transfers", Integer.toString(MAX_TRANSFERS)));
    }

    @AfterAll
    static void stop() {
        if (ferry != null) {
            ferry.close();
        }
    }

    @Test
    void shouldAnswerSegmentTooLargeAboveTheIngressLimitAndAcceptTheLimitItself() throws Exception {
        try (Device device = Device.connect(ferry.mqttUri(), unique("seg"))) {
            device.publish("$file/big/0", new byte[MAX_SEGMENT + 1]);
            device.publish("$file/big/" + MAX_SEGMENT, new byte[MAX_SEGMENT]);

            assertReason(device.awaitResponse("$file/big/0"), 128, "segment_too_large");
            assertReason(device.awaitResponse("$file/big/" + MAX_SEGMENT), 0, "success");
        }
    }

    @Test
    void shouldAnswerInvalidFilemetaWhenInitIsLargerThanTheLimit() throws Exception {
        try (Device device = Device.connect(ferry.mqttUri(), unique("init"))) {
            String fits = "{\"name\":\"a.bin\",\"user_data\":\"" + "u".repeat(MAX_INIT - 40) + "\"}";
            String tooBig = "{\"name\":\"b.bin\",\"user_data\":\"" + "u".repeat(MAX_INIT) + "\"}";
            device.publish("$file/fits/init", fits.getBytes(UTF_8));
            device.publish("$file/too-big/init", tooBig.getBytes(UTF_8));

            assertReason(device.awaitResponse("$file/fits/init"), 0, "success");
            assertReason(device.awaitResponse("$file/too-big/init"), 128, "invalid_filemeta");
        }
    }

    @Test
    void shouldAnswerQuotaExceededWhenDeclaredOrWrittenSizePassesTheFileLimit() throws Exception {
        try (Device device = Device.connect(ferry.mqttUri(), unique("size"))) {
            device.publish("$file/huge-init/init", ("{\"name\":\"h\",\"size\":" + (MAX_FILE + 1) + "}")
                    .getBytes(UTF_8));
            device.publish("$file/huge-fin/fin/" + (MAX_FILE + 1), new byte[0]);
            device.publish("$file/huge-end/" + (MAX_FILE - 10), new byte[11]);
            device.publish("$file/at-limit/" + (MAX_FILE - 10), new byte[10]);

            assertReason(device.awaitResponse("$file/huge-init/init"), 151, "quota_exceeded");
            assertReason(device.awaitResponse("$file/huge-fin/fin/" + (MAX_FILE + 1)), 151, "quota_exceeded");
            assertReason(device.awaitResponse("$file/huge-end/" + (MAX_FILE - 10)), 151, "quota_exceeded");
            assertReason(device.awaitResponse("$file/at-limit/" + (MAX_FILE - 10)), 0, "success");
        }
    }

    @Test
    void shouldAnswerQuotaExceededForTransfersBeyondTheLimitWithoutAffectingOthers() throws Exception {
        try (Device greedy = Device.connect(ferry.mqttUri(), unique("greedy"));
             Device other = Device.connect(ferry.mqttUri(), unique("other"))) {
            for (int i = 0; i < MAX_TRANSFERS; i++) {
                greedy.publish("$file/t" + i + "/init", "{\"name\":\"t.bin\"}".getBytes(UTF_8));
                assertReason(greedy.awaitResponse("$file/t" + i + "/init"), 0, "success");
            }
            greedy.publish("$file/one-more/init", "{\"name\":\"t.bin\"}".getBytes(UTF_8));
            assertReason(greedy.awaitResponse("$file/one-more/init"), 151, "quota_exceeded");
            greedy.publish("$file/one-more/0", new byte[10]);
            assertReason(greedy.awaitResponse("$file/one-more/0"), 151, "quota_exceeded");

            assertReason(SecuredFerry.upload(other, "unaffected", "u.bin", bytes(1000, 6), 500), 0, "success");

            greedy.publish("$file/t0/abort", new byte[0]);
            greedy.awaitResponse("$file/t0/abort");
            greedy.publish("$file/after-abort/init", "{\"name\":\"t.bin\"}".getBytes(UTF_8));
            assertReason(greedy.awaitResponse("$file/after-abort/init"), 0, "success");
        }
    }

    @Test
    void shouldDemandTokensAndTheAdminRoleForDeletes() throws Exception {
        String clientId = unique("api");
        try (Device device = Device.connect(ferry.mqttUri(), clientId)) {
            assertReason(SecuredFerry.upload(device, "doc", "doc.bin", bytes(100, 7), 100), 0, "success");
        }
        String file = SecuredFerry.filePath(clientId, "doc");

        assertThat(ferry.get("/api/v1/files", null).statusCode()).isEqualTo(401);
        assertThat(ferry.get(file + "/content", null).statusCode()).isEqualTo(401);
        assertThat(ferry.get("/api/v1/files", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(ferry.get("/api/v5/file_transfer/files", null).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> unauthorized = ferry.delete(file, null);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(ferry.get(file, READ_TOKEN).statusCode()).isEqualTo(200);
        assertThat(ferry.delete(file, READ_TOKEN).statusCode()).isEqualTo(403);
        assertThat(ferry.get(file, READ_TOKEN).statusCode()).as("still there after a refused delete").isEqualTo(200);

        assertThat(ferry.delete(file, ADMIN_TOKEN).statusCode()).isBetween(200, 204);
        assertThat(ferry.exported(clientId, "doc", "doc.bin")).doesNotExist();
    }

    private static void assertReason(JsonNode response, int code, String description) {
        assertThat(response.path("reason_description").asText()).as(response.toString()).isEqualTo(description);
        assertThat(response.path("reason_code").asInt()).isEqualTo(code);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
