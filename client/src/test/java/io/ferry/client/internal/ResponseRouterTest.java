package io.ferry.client.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ResponseRouterTest {
    private final ResponseRouter router = new ResponseRouter();

    @Test
    void shouldMatchByCorrelationDataWhenTheSameTopicWaitsTwice() {
        ResponseRouter.Waiter first = router.expect("$file/f/0", true);
        ResponseRouter.Waiter second = router.expect("$file/f/0", true);

        boolean taken = router.onMessage(response("$file/f/0", 0), bytes(second.correlation));

        assertThat(taken).isTrue();
        assertThat(second.response).isCompleted();
        assertThat(first.response).isNotDone();
    }

    @Test
    void shouldMatchOldestWaiterByTopicWithoutCorrelationData() {
        ResponseRouter.Waiter first = router.expect("$file/f/0", false);
        ResponseRouter.Waiter second = router.expect("$file/f/0", false);

        router.onMessage(response("$file/f/0", 128), null);

        assertThat(first.response.join().reasonCode()).isEqualTo(128);
        assertThat(second.response).isNotDone();
        assertThat(router.waiting()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreLateAnswerToAForgottenCommand() {
        ResponseRouter.Waiter waiter = router.expect("$file/f/init", true);
        byte[] correlation = bytes(waiter.correlation);
        router.remove(waiter);

        assertThat(router.onMessage(response("$file/f/init", 0), correlation)).isFalse();
        assertThat(router.unmatched()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreMessagesThatAreNotResponses() {
        router.expect("$file/f/init", false);

        assertThat(router.onMessage("not json".getBytes(UTF_8), null)).isFalse();
        assertThat(router.waiting()).isEqualTo(1);
    }

    @Test
    void shouldReadTheTransferObjectOfAStatusResponse() {
        ResponseRouter.Waiter waiter = router.expect("$file/f/status", false);
        String json = "{\"vsn\":\"0.1\",\"topic\":\"$file/f/status\",\"packet_id\":3,\"reason_code\":0,"
                + "\"reason_description\":\"success\",\"transfer\":{\"state\":\"receiving\",\"received\":[[0,10]],"
                + "\"bytes\":10,\"size\":30,\"missing\":[[10,30]],\"future_key\":1},\"future\":true}";

        router.onMessage(json.getBytes(UTF_8), null);

        var transfer = waiter.response.join().transfer();
        assertThat(transfer.state().wireName()).isEqualTo("receiving");
        assertThat(transfer.received()).hasSize(1);
        assertThat(transfer.missing().get(0).start()).isEqualTo(10);
    }

    @Test
    void shouldFailEveryWaiterWhenTheConnectionIsLost() {
        ResponseRouter.Waiter a = router.expect("$file/f/0", true);
        ResponseRouter.Waiter b = router.expect("$file/f/fin/10", false);

        router.failAll(new IllegalStateException("lost"));

        assertThat(a.response).isCompletedExceptionally();
        assertThat(b.response).isCompletedExceptionally();
        assertThat(router.waiting()).isZero();
    }

    private static byte[] response(String topic, int code) {
        return ("{\"vsn\":\"0.1\",\"topic\":\"" + topic + "\",\"packet_id\":1,\"reason_code\":" + code
                + ",\"reason_description\":\"" + (code == 0 ? "success" : "checksum_mismatch") + "\"}").getBytes(UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return MqttTransports.bytes(buffer);
    }
}
