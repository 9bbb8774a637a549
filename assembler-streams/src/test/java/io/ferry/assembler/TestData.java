package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Reason;
import io.ferry.protocol.Response;
import io.ferry.protocol.Sha256;
import java.util.Arrays;
import java.util.List;

final class TestData {
    private TestData() {
    }

    static byte[] bytes(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return data;
    }

    static byte[] slice(byte[] data, int from, int to) {
        return Arrays.copyOfRange(data, from, to);
    }

    static FileMeta meta(String name, Long size, Sha256 checksum, Long segmentsTtl) {
        return new FileMeta(name, size, checksum, null, segmentsTtl, null);
    }

    static void assertReason(Response response, Reason reason) {
        assertThat(response.reasonDescription()).isEqualTo(reason.description());
        assertThat(response.reasonCode()).isEqualTo(reason.code());
    }

    static void assertAll(List<Response> responses, Reason reason) {
        assertThat(responses).isNotEmpty().allSatisfy(r -> assertReason(r, reason));
    }
}
