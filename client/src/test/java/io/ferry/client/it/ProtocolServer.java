package io.ferry.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.ferry.broker.ExtensionConfig;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.Command;
import io.ferry.protocol.CommandParser;
import io.ferry.protocol.FerryMqtt;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.protocol.ProtocolException;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A minimal file-transfer server for the client's MQTT-level tests: it connects to the real Ferry broker as the
 * bridge, applies PROTOCOL.md to commands (segments stored on disk, union coverage), answers on the device's reply
 * topic with its Correlation-Data, and can be told to misbehave (checksum_mismatch, quota_exceeded, an incomplete
 * fin, or no status extension, like plain EMQX). The real pipeline is tested in the standalone module.
 */
final class ProtocolServer implements AutoCloseable {
    private final Mqtt5AsyncClient bridge;
    private final Path dir;
    private final Map<String, StoredTransfer> transfers = new ConcurrentHashMap<>();
    private final ArrayDeque<Reason> segmentFaults = new ArrayDeque<>();
    private ByteRange dropAtNextFin;
    private volatile boolean emqxMode;
    private volatile int aborts;

    ProtocolServer(int brokerPort, String bridgePassword, Path dir) throws Exception {
        this.dir = dir;
        this.bridge = MqttClient.builder().useMqttVersion5().identifier("test-bridge-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(brokerPort)
                .simpleAuth().username(ExtensionConfig.DEFAULT_BRIDGE_USERNAME)
                .password(bridgePassword.getBytes(UTF_8)).applySimpleAuth()
                .buildAsync();
        bridge.connect().get(30, TimeUnit.SECONDS);
        for (String filter : List.of(FerryMqtt.SYNC_FILTER, FerryMqtt.ASYNC_FILTER)) {
            bridge.subscribeWith().topicFilter(FerryMqtt.sharedFilter(filter)).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(this::onCommand).send().get(30, TimeUnit.SECONDS);
        }
    }

    /** Answer status like EMQX (invalid_offset): the client must fall back to resending what was not confirmed. */
    void emqxMode(boolean on) {
        emqxMode = on;
    }

    /** The next segments are answered with these reasons and not stored. */
    synchronized void failNextSegments(Reason... reasons) {
        segmentFaults.addAll(List.of(reasons));
    }

    /** The next fin finds this range missing (dropped from storage) and answers incomplete. */
    synchronized void dropAtNextFin(ByteRange range) {
        dropAtNextFin = range;
    }

    StoredTransfer transfer(String clientId, String fileId) {
        return transfers.get(clientId + "\u0000" + fileId);
    }

    int aborts() {
        return aborts;
    }

    private void onCommand(Mqtt5Publish publish) {
        String clientId = publish.getUserProperties().asList().stream()
                .filter(p -> p.getName().toString().equals(FerryMqtt.CLIENT_ID_PROPERTY))
                .map(p -> p.getValue().toString()).findFirst().orElseThrow();
        String topic = publish.getTopic().toString();
        ReplyTo replyTo = new ReplyTo(clientId, topic, 0, publish.getResponseTopic().map(Object::toString).orElse(null),
                publish.getCorrelationData().map(ProtocolServer::bytes).orElse(null));
        Response response;
        try {
            response = handle(clientId, CommandParser.parse(topic, publish.getPayloadAsBytes()), replyTo);
        } catch (ProtocolException e) {
            response = Response.of(replyTo, e.reason());
        }
        Mqtt5Publish answer = Mqtt5Publish.builder().topic(replyTo.replyTopic()).qos(MqttQos.AT_LEAST_ONCE)
                .payload(response.toJson()).correlationData(replyTo.correlationData()).build();
        bridge.publish(answer);
    }

    private synchronized Response handle(String clientId, Command command, ReplyTo replyTo) {
        String key = clientId + "\u0000" + command.fileId();
        return switch (command.kind()) {
            case INIT -> init(key, (Init) command, replyTo);
            case SEGMENT -> segment(key, (Segment) command, replyTo);
            case FIN -> fin(key, (Fin) command, replyTo);
            case ABORT -> {
                StoredTransfer removed = transfers.remove(key);
                if (removed != null) {
                    removed.close();
                }
                aborts++;
                yield Response.of(replyTo, Reason.SUCCESS);
            }
            case STATUS -> emqxMode ? Response.of(replyTo, Reason.INVALID_OFFSET)
                    : Response.of(replyTo, Reason.SUCCESS, status(transfers.get(key)));
        };
    }

    private Response init(String key, Init init, ReplyTo replyTo) {
        StoredTransfer transfer = transfers.computeIfAbsent(key, k -> new StoredTransfer(dir.resolve(
                "t" + transfers.size() + "-" + System.nanoTime())));
        if (transfer.meta != null && !transfer.meta.equals(init.meta())) {
            return Response.of(replyTo, Reason.FILEMETA_CONFLICT);
        }
        transfer.meta = init.meta();
        return Response.of(replyTo, Reason.SUCCESS);
    }

    private Response segment(String key, Segment segment, ReplyTo replyTo) {
        Reason fault = segmentFaults.poll();
        if (fault != null) {
            return Response.of(replyTo, fault);
        }
        if (segment.checksum() != null && !segment.checksum().equals(Sha256.digest(segment.payload()))) {
            return Response.of(replyTo, Reason.CHECKSUM_MISMATCH);
        }
        StoredTransfer transfer = transfers.computeIfAbsent(key, k -> new StoredTransfer(dir.resolve(
                "t" + transfers.size() + "-" + System.nanoTime())));
        transfer.write(segment);
        return Response.of(replyTo, Reason.SUCCESS);
    }

    private Response fin(String key, Fin fin, ReplyTo replyTo) {
        StoredTransfer transfer = transfers.get(key);
        if (transfer != null && transfer.exported) {
            return Response.of(replyTo, Reason.SUCCESS);
        }
        if (transfer != null && dropAtNextFin != null) {
            transfer.ranges.remove(dropAtNextFin);
            dropAtNextFin = null;
        }
        if (transfer == null || transfer.meta == null || !transfer.ranges.covers(fin.size())) {
            return Response.of(replyTo, Reason.INCOMPLETE, status(transfer));
        }
        Sha256 expected = fin.checksum() != null ? fin.checksum() : transfer.meta.checksum();
        Sha256 actual = transfer.sha256(fin.size());
        if (expected != null && !expected.equals(actual)) {
            return Response.of(replyTo, Reason.CHECKSUM_MISMATCH);
        }
        transfer.exported = true;
        transfer.size = fin.size();
        return Response.of(replyTo, Reason.SUCCESS);
    }

    private static TransferStatus status(StoredTransfer transfer) {
        if (transfer == null) {
            return TransferStatus.unknown();
        }
        Long size = transfer.meta == null ? null : transfer.meta.size();
        List<ByteRange> received = transfer.ranges.list();
        long bytes = received.stream().mapToLong(ByteRange::length).sum();
        return new TransferStatus(transfer.exported ? TransferState.EXPORTED : TransferState.RECEIVING, received,
                bytes, size, size == null ? null : transfer.ranges.gaps(size));
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public void close() throws Exception {
        bridge.disconnect().get(10, TimeUnit.SECONDS);
        transfers.values().forEach(StoredTransfer::close);
    }
}
