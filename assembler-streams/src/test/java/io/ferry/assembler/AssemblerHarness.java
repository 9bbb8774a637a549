package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.Abort;
import io.ferry.records.ClientUsageRecord;
import io.ferry.protocol.Command;
import io.ferry.records.CommandRecord;
import io.ferry.records.ExportOutcome;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.records.ResponseRecord;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.Status;
import io.ferry.records.Topics;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole assembler topology on a {@link TopologyTestDriver} with RocksDB stores and the production Streams
 * settings. Commands are piped as a broker node produces them; each pipe returns the record's ferry.commands offset.
 */
final class AssemblerHarness implements AutoCloseable {
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    static final String CLIENT = "dev-1";

    final Topics topics = Topics.defaults();
    final TopologyTestDriver driver;
    final TestInputTopic<TransferId, CommandRecord> commands;
    final TestInputTopic<byte[], byte[]> rawCommands;
    final TestInputTopic<TransferId, ExportOutcome> exported;
    final TestInputTopic<TransferId, byte[]> files;
    final TestInputTopic<byte[], ClientUsageRecord> usageIn;
    final TestOutputTopic<byte[], ClientUsageRecord> usage;
    final TestOutputTopic<String, ResponseRecord> responses;
    final TestOutputTopic<TransferId, Manifest> ready;
    final TestOutputTopic<TransferId, TransferSnapshot> transfers;
    final TestOutputTopic<TransferId, TransferEvent> events;
    private long nextOffset;
    private Instant clock = START;
    private int packetId;

    AssemblerHarness(Path stateDir, AssemblerOptions options) {
        AssemblerConfig config = new AssemblerConfig("dummy:9092", "assembler-test", stateDir, "ferry.", false, 1,
                (short) 1, options, Map.of());
        driver = new TopologyTestDriver(AssemblerTopology.build(topics, options), config.streamsProperties(), START);
        commands = driver.createInputTopic(topics.commands(), FerrySerdes.transferIds().serializer(),
                FerrySerdes.commands().serializer());
        rawCommands = driver.createInputTopic(topics.commands(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        exported = driver.createInputTopic(topics.exported(), FerrySerdes.transferIds().serializer(),
                FerrySerdes.outcomes().serializer());
        files = driver.createInputTopic(topics.files(), FerrySerdes.transferIds().serializer(),
                Serdes.ByteArray().serializer());
        usageIn = driver.createInputTopic(topics.usage(), Serdes.ByteArray().serializer(),
                FerrySerdes.usage().serializer());
        usage = driver.createOutputTopic(topics.usage(), Serdes.ByteArray().deserializer(),
                FerrySerdes.usage().deserializer());
        responses = driver.createOutputTopic(topics.responses(), Serdes.String().deserializer(),
                FerrySerdes.responses().deserializer());
        ready = driver.createOutputTopic(topics.ready(), FerrySerdes.transferIds().deserializer(),
                FerrySerdes.manifests().deserializer());
        transfers = driver.createOutputTopic(topics.transfers(), FerrySerdes.transferIds().deserializer(),
                FerrySerdes.snapshots().deserializer());
        events = driver.createOutputTopic(topics.events(), FerrySerdes.transferIds().deserializer(),
                FerrySerdes.events().deserializer());
    }

    static TransferId id(String fileId) {
        return new TransferId(CLIENT, fileId);
    }

    ReplyTo replyTo(String clientId, String topic) {
        return new ReplyTo(clientId, topic, ++packetId, null, null);
    }

    long pipe(String clientId, Command command, String topic) {
        return pipe(CommandRecord.of(replyTo(clientId, topic), now(), command));
    }

    /** Record time follows the driver's wall clock, as the broker's CreateTime does in production. */
    long pipe(CommandRecord record) {
        commands.pipeInput(record.transferId(), record, clock);
        return nextOffset++;
    }

    long pipeRaw(byte[] key, byte[] value) {
        rawCommands.pipeInput(key, value);
        return nextOffset++;
    }

    long init(String fileId, FileMeta meta) {
        return init(CLIENT, fileId, meta);
    }

    long init(String clientId, String fileId, FileMeta meta) {
        return pipe(clientId, new Init(fileId, meta), "$file/" + fileId + "/init");
    }

    long segment(String fileId, long offset, byte[] data) {
        return segment(CLIENT, fileId, offset, data);
    }

    long segment(String clientId, String fileId, long offset, byte[] data) {
        return pipe(clientId, Segment.of(fileId, offset, null, data), "$file/" + fileId + "/" + offset);
    }

    long fin(String fileId, long size) {
        return fin(fileId, size, null);
    }

    long fin(String fileId, long size, Sha256 checksum) {
        return fin(CLIENT, fileId, size, checksum);
    }

    long fin(String clientId, String fileId, long size, Sha256 checksum) {
        String topic = "$file/" + fileId + "/fin/" + size + (checksum == null ? "" : "/" + checksum.hex());
        return pipe(clientId, new Fin(fileId, size, checksum), topic);
    }

    long abort(String fileId) {
        return pipe(CLIENT, new Abort(fileId), "$file/" + fileId + "/abort");
    }

    long status(String fileId) {
        return pipe(CLIENT, new Status(fileId), "$file/" + fileId + "/status");
    }

    /** Uploads {@code data} in segments of {@code segmentSize} after an init; returns the segment offsets. */
    List<Long> upload(String fileId, byte[] data, int segmentSize) {
        init(fileId, FileMeta.named(fileId + ".bin"));
        List<Long> offsets = new ArrayList<>();
        for (int start = 0; start < data.length; start += segmentSize) {
            int end = Math.min(data.length, start + segmentSize);
            offsets.add(segment(fileId, start, Arrays.copyOfRange(data, start, end)));
        }
        return offsets;
    }

    void exportSucceeded(Manifest manifest, Sha256 sha256) {
        exported.pipeInput(manifest.transferId(), new ExportOutcome(manifest.transferId(), manifest.generation(),
                Reason.SUCCESS, sha256, null, now()));
    }

    void exportFailed(Manifest manifest, Reason reason) {
        exported.pipeInput(manifest.transferId(), new ExportOutcome(manifest.transferId(), manifest.generation(),
                reason, null, "test failure", now()));
    }

    void advance(Duration duration) {
        clock = clock.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** The API's DELETE (or retention) as the assembler sees it: a tombstone on ferry.files. */
    void catalogTombstone(String fileId) {
        files.pipeInput(id(fileId), null, clock);
    }

    /** A catalog entry (the exporter's): the assembler ignores its value. */
    void catalogEntry(String fileId) {
        files.pipeInput(id(fileId), new byte[] {'{', '}'}, clock);
    }

    long now() {
        return clock.toEpochMilli();
    }

    List<Response> responses() {
        List<Response> out = new ArrayList<>();
        for (KeyValue<String, ResponseRecord> kv : responses.readKeyValuesToList()) {
            assertThat(kv.key).isEqualTo(kv.value.replyTo().clientId());
            out.add(kv.value.response());
        }
        return out;
    }

    /** The one response expected since the last read. */
    Response response() {
        List<Response> all = responses();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    List<Manifest> manifests() {
        return ready.readValuesToList();
    }

    /** Drops the responses so far, asks for {@code fileId}'s status and returns the one answer. */
    Response statusResponse(String fileId) {
        responses();
        status(fileId);
        return response();
    }

    Manifest manifest() {
        List<Manifest> all = manifests();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    List<TransferEvent.Type> eventTypes() {
        return events.readValuesToList().stream().map(TransferEvent::type).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
