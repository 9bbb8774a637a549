package io.ferry.exporter;

import io.ferry.records.CommandRecord;
import io.ferry.records.CommandRecordCodec;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.records.Manifest;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays the broker ingress and the assembler in tests: writes command records to ferry.commands as the ingress does
 * (key = transfer id, value = {@link CommandRecordCodec}), notes their offsets, and publishes manifests to ferry.ready.
 */
final class CommandLog implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;

    CommandLog(String bootstrapServers, Topics topics) {
        this.topics = topics;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Options of {@link #upload}: segment size, shuffled publish order, a foreign transfer interleaved. */
    record Upload(int segmentSize, boolean shuffled, TransferId foreign, int tailExtra, boolean splitFirst) {
        static Upload plain(int segmentSize) {
            return new Upload(segmentSize, false, null, 0, false);
        }
    }

    RecordMetadata send(CommandRecord record, Integer partition) {
        try {
            return producer.send(new ProducerRecord<>(topics.commands(), partition,
                    record.transferId().encodeBytes(), CommandRecordCodec.encode(record))).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    RecordMetadata segment(TransferId id, long offset, byte[] payload, Integer partition) {
        ReplyTo replyTo = new ReplyTo(id.clientId(), "$file/" + id.fileId() + "/" + offset, 1, null, null);
        return send(CommandRecord.of(replyTo, 1, Segment.of(id.fileId(), offset, null, payload)), partition);
    }

    /** Publishes {@code content} as segments and returns a manifest over them, expecting the right digest. */
    Manifest upload(TransferId id, FileMeta meta, byte[] content, Upload options) {
        int partition = send(CommandRecord.of(reply(id, "init"), 1, new Init(id.fileId(), meta)), null).partition();
        List<long[]> pieces = new ArrayList<>();
        for (long at = 0; at < content.length; at += options.segmentSize()) {
            pieces.add(new long[] {at, Math.min(content.length, at + options.segmentSize())});
        }
        if (options.shuffled()) {
            Collections.shuffle(pieces, new Random(42));
        }
        List<SegmentPointer> pointers = new ArrayList<>();
        for (long[] piece : pieces) {
            int from = (int) piece[0];
            int to = (int) piece[1];
            boolean last = to == content.length;
            byte[] payload = Arrays.copyOfRange(content, from, to + (last ? options.tailExtra() : 0));
            if (last) {
                Arrays.fill(payload, to - from, payload.length, (byte) 0x5A);
            }
            if (options.splitFirst() && from == 0 && payload.length > 1) {
                pointers.addAll(sendSplit(id, payload, partition));
            } else {
                long offset = segment(id, from, payload, partition).offset();
                pointers.add(new SegmentPointer(offset, from, to - from));
            }
            if (options.foreign() != null) {
                segment(options.foreign(), from, new byte[to - from], partition);
            }
        }
        send(CommandRecord.of(reply(id, "fin/" + content.length), 1, new Fin(id.fileId(), content.length, null)),
                partition);
        pointers.sort(Comparator.comparingLong(SegmentPointer::fileOffset));
        return new Manifest(id, 1, meta, content.length, Sha256.digest(content), partition, pointers,
                List.of(reply(id, "fin/" + content.length)), 1);
    }

    /** The ingress's split of one oversized PUBLISH into two records, each a segment at its own offset. */
    private List<SegmentPointer> sendSplit(TransferId id, byte[] payload, int partition) {
        int half = payload.length / 2;
        ReplyTo replyTo = reply(id, "0");
        long first = send(new CommandRecord(replyTo, 1, Segment.of(id.fileId(), 0, null,
                Arrays.copyOfRange(payload, 0, half)), 0, 2), partition).offset();
        long second = send(new CommandRecord(replyTo, 1, Segment.of(id.fileId(), half, null,
                Arrays.copyOfRange(payload, half, payload.length)), 1, 2), partition).offset();
        return List.of(new SegmentPointer(first, 0, half), new SegmentPointer(second, half, payload.length - half));
    }

    static ReplyTo reply(TransferId id, String command) {
        return new ReplyTo(id.clientId(), "$file/" + id.fileId() + "/" + command, 7, null, null);
    }

    static Manifest withChecksum(Manifest m, Sha256 expected) {
        return new Manifest(m.transferId(), m.generation(), m.meta(), m.size(), expected, m.partition(),
                m.segments(), m.waiters(), m.finishedAt());
    }

    static Manifest withWaiters(Manifest m, List<ReplyTo> waiters) {
        return new Manifest(m.transferId(), m.generation(), m.meta(), m.size(), m.expectedChecksum(),
                m.partition(), m.segments(), waiters, m.finishedAt());
    }

    void manifest(Manifest manifest) {
        try {
            producer.send(new ProducerRecord<>(topics.ready(), manifest.transferId().encodeBytes(),
                    io.ferry.records.FerrySerdes.manifests().serializer().serialize(topics.ready(), manifest)))
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes {@code aborted} in a transaction that aborts after it reached the log, then {@code committed}. */
    void manifestsInTransactions(String bootstrapServers, Manifest aborted, Manifest committed) {
        try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, io.ferry.testing.KafkaFixture.uniqueId("ready-tx")),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            tx.initTransactions();
            for (Manifest manifest : List.of(aborted, committed)) {
                tx.beginTransaction();
                tx.send(new ProducerRecord<>(topics.ready(), manifest.transferId().encodeBytes(),
                        io.ferry.records.FerrySerdes.manifests().serializer().serialize(topics.ready(), manifest)))
                        .get();
                tx.flush();
                if (manifest == aborted) {
                    tx.abortTransaction();
                } else {
                    tx.commitTransaction();
                }
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
