package io.ferry.client.internal;

import io.ferry.client.MqttVersion;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.CommandTopic;
import io.ferry.protocol.Mode;
import io.ferry.protocol.Response;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A SessionHost whose commands the test answers one by one; scheduled tasks run when the test says so. */
final class ScriptedHost implements SessionHost {
    static final int SEGMENT = 1024;

    record Sent(String topic, byte[] payload, CompletableFuture<Response> response) {
        void answer(int code, String description) {
            answer(code, description, null);
        }

        void answer(int code, String description, TransferStatus transfer) {
            response.complete(new Response(Response.VERSION, topic, 1, code, description, transfer));
        }

        void succeed() {
            answer(0, "success");
        }
    }

    final List<Sent> sent = new ArrayList<>();
    final List<Runnable> scheduled = new ArrayList<>();
    final List<UploadSession> finished = new ArrayList<>();
    private final UploaderConfig config;
    boolean online = true;
    boolean statusSupported = true;

    ScriptedHost(int window) {
        this.config = new UploaderConfig(BrokerAddress.parse("mqtt://localhost"), "dev-1", null, null, null, null,
                MqttVersion.MQTT_5, Mode.SYNC, SEGMENT, SEGMENT, window, true, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(100), 3, 3,
                Clock.systemUTC());
    }

    @Override
    public CompletableFuture<Response> request(String topic, ByteBuffer payload, Duration timeout) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        sent.add(new Sent(topic, MqttTransports.bytes(payload), response));
        return response;
    }

    /** The oldest unanswered command whose topic ends with the suffix. */
    Sent pending(String suffix) {
        return sent.stream().filter(s -> !s.response().isDone() && s.topic().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing pending ending with " + suffix + " in " + topics()));
    }

    List<String> pendingTopics() {
        return sent.stream().filter(s -> !s.response().isDone()).map(Sent::topic).toList();
    }

    List<String> topics() {
        return sent.stream().map(Sent::topic).toList();
    }

    /** Answers every pending segment with success. */
    void confirmSegments() {
        for (Sent s : new ArrayList<>(sent)) {
            if (!s.response().isDone() && s.topic().matches(".*/\\d+/[0-9a-f]{64}")) {
                s.succeed();
            }
        }
    }

    /** What the real host does on a disconnect: every unanswered command fails. */
    void loseConnection() {
        online = false;
        for (Sent s : new ArrayList<>(sent)) {
            s.response().completeExceptionally(new ConnectionLostException("test"));
        }
    }

    void runScheduled() {
        List<Runnable> tasks = new ArrayList<>(scheduled);
        scheduled.clear();
        tasks.forEach(Runnable::run);
    }

    static TransferStatus receiving(long size, long... bounds) {
        List<ByteRange> received = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            received.add(new ByteRange(bounds[i], bounds[i + 1]));
        }
        long bytes = received.stream().mapToLong(ByteRange::length).sum();
        return new TransferStatus(TransferState.RECEIVING, received, bytes, size, null);
    }

    @Override
    public boolean online() {
        return online;
    }

    @Override
    public int segmentSize(CommandTopic topics) {
        return SEGMENT;
    }

    @Override
    public boolean statusSupported() {
        return statusSupported;
    }

    @Override
    public void statusSupported(boolean supported) {
        statusSupported = supported;
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        scheduled.add(task);
    }

    @Override
    public void finished(UploadSession session) {
        finished.add(session);
    }

    @Override
    public UploaderConfig config() {
        return config;
    }
}
