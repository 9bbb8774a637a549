package io.ferry.exporter;

import io.ferry.records.FerrySerdes;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.records.TransferId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ferry.ready consumer thread. It hands manifests to worker threads (one at a time per transfer, so two
 * generations never race on one location), and publishes finished results with their offsets in Kafka
 * transactions. All consumer and producer calls happen on this thread. It stops fetching while
 * {@code maxInFlight} manifests are being worked on, so a sink outage holds manifests in Kafka, not in memory.
 */
final class ManifestLoop implements Runnable, ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private final Consumer<byte[], byte[]> consumer;
    private final OutcomeWriter writer;
    private final ExecutorService workers;
    private final ExportJob job;
    private final String topic;
    private final int maxInFlight;
    private final ExporterStats stats;
    private final TransferClaims claims;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Map<TransferId, ArrayDeque<Task>> byTransfer = new HashMap<>();
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final List<Finished> uncommitted = new ArrayList<>();
    /** ferry.ready partitions this instance owns; retention sweeps the ferry.files partitions of the same numbers. */
    private final Set<Integer> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private int inFlight;

    /** One manifest at one ferry.ready offset; {@code future} is set once it is submitted. */
    private static final class Task {
        private final TopicPartition partition;
        private final long offset;
        private final Manifest manifest;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private Future<?> future;

        Task(TopicPartition partition, long offset, Manifest manifest) {
            this.partition = partition;
            this.offset = offset;
            this.manifest = manifest;
        }
    }

    /** A task's result; null when it was cancelled. */
    private record Finished(Task task, ExportResult result) {
    }

    ManifestLoop(Consumer<byte[], byte[]> consumer, OutcomeWriter writer, ExecutorService workers, ExportJob job,
                 String topic, int maxInFlight, ExporterStats stats, TransferClaims claims) {
        this.consumer = consumer;
        this.writer = writer;
        this.workers = workers;
        this.job = job;
        this.topic = topic;
        this.maxInFlight = maxInFlight;
        this.stats = stats;
        this.claims = claims;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topic), this);
        try {
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    accept(record);
                }
                completeFinished();
                flowControl();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            shutdown();
        }
    }

    /** The partition numbers of ferry.ready assigned to this instance now (any thread). */
    Set<Integer> ownedPartitions() {
        return Set.copyOf(owned);
    }

    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.started(partition, record.offset());
        Manifest manifest;
        try {
            manifest = FerrySerdes.manifests().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            // A poison record must not stop every export behind it: log where it is, count it, move on.
            LOG.warn("skipping undecodable manifest at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            manifest = null;
        }
        if (manifest == null) {
            stats.skippedRecord();
            offsets.finished(partition, record.offset());
            return;
        }
        stats.manifestReceived();
        Task task = new Task(partition, record.offset(), manifest);
        ArrayDeque<Task> queue = byTransfer.computeIfAbsent(manifest.transferId(), id -> new ArrayDeque<>());
        queue.add(task);
        inFlight++;
        if (queue.size() == 1) {
            submit(task);
        }
    }

    private void submit(Task task) {
        task.future = workers.submit(() -> {
            long started = System.nanoTime();
            ExportResult result = execute(task);
            stats.exportFinished(result, System.nanoTime() - started);
            finished.add(new Finished(task, result));
        });
    }

    private ExportResult execute(Task task) {
        try {
            return job.run(task.manifest, task.cancelled);
        } catch (CancellationException e) {
            return null;
        } catch (RuntimeException e) {
            // A bug, not a sink failure (those become results): answer rather than leave the device waiting.
            LOG.error("transferId={} clientId={} export crashed", task.manifest.transferId().encode(),
                    task.manifest.transferId().clientId(), e);
            return ExportResult.failure(task.manifest, Reason.EXPORT_FAILED, e.toString(), ReadStats.NONE);
        }
    }

    private void completeFinished() {
        Finished done;
        while ((done = finished.poll()) != null) {
            Task task = done.task();
            ArrayDeque<Task> queue = byTransfer.get(task.manifest.transferId());
            if (queue == null || queue.peek() != task) {
                continue;
            }
            queue.poll();
            inFlight--;
            if (queue.isEmpty()) {
                byTransfer.remove(task.manifest.transferId());
            } else if (!stopping) {
                submit(queue.peek());
            }
            if (done.result() != null) {
                stats.recordResult(done.result());
                offsets.finished(task.partition, task.offset);
                uncommitted.add(done);
            }
        }
        commitPending();
    }

    private void commitPending() {
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
        if (uncommitted.isEmpty() && committable.isEmpty()) {
            return;
        }
        List<ExportResult> results = uncommitted.stream().map(Finished::result).toList();
        if (writer.commit(results, committable, consumer.groupMetadata())) {
            offsets.committed(committable);
            uncommitted.forEach(done -> claims.committed(done.task().manifest.transferId()));
            uncommitted.clear();
            stats.transactionCommitted();
        }
    }

    private void flowControl() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (inFlight >= maxInFlight) {
            consumer.pause(assigned);
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Still the owner during this callback: publish what is done, then hand the rest to the next owner.
        completeFinished();
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // Consumption resumes from the committed offsets; nothing to restore.
        partitions.forEach(partition -> owned.add(partition.partition()));
    }

    private void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        gone.forEach(partition -> owned.remove(partition.partition()));
        Iterator<Map.Entry<TransferId, ArrayDeque<Task>>> queues = byTransfer.entrySet().iterator();
        while (queues.hasNext()) {
            ArrayDeque<Task> queue = queues.next().getValue();
            if (gone.contains(queue.peek().partition)) {
                queue.forEach(ManifestLoop::cancel);
                inFlight -= queue.size();
                queues.remove();
            }
        }
        uncommitted.removeIf(done -> {
            boolean abandoned = gone.contains(done.task().partition);
            if (abandoned) {
                claims.committed(done.task().manifest.transferId());
            }
            return abandoned;
        });
        offsets.remove(gone);
    }

    private static void cancel(Task task) {
        task.cancelled.set(true);
        if (task.future != null) {
            task.future.cancel(true);
        }
    }

    private void shutdown() {
        byTransfer.values().forEach(queue -> queue.forEach(ManifestLoop::cancel));
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("export workers did not stop within 30s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            completeFinished();
        } catch (RuntimeException e) {
            LOG.warn("cannot publish finished exports while stopping; they will be redone: {}", e.toString());
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
