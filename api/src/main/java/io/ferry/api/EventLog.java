package io.ferry.api;

import io.ferry.records.FerrySerdes;
import io.ferry.records.Topics;
import io.ferry.records.TransferEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads that ended badly, from {@code ferry.events}: the latest {@link #MAX_EVENTS} failed, aborted and
 * expired ones (read from the topic's beginning, so as far back as its retention), for the dashboard. Memory is
 * bounded by that count, not by the topic. Like {@link KafkaCatalog} it assigns every partition and commits nothing.
 */
final class EventLog implements TopicReader.Handler, AutoCloseable {
    static final int MAX_EVENTS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final Set<TransferEvent.Type> KEPT = EnumSet.of(TransferEvent.Type.FAILED,
            TransferEvent.Type.ABORTED, TransferEvent.Type.EXPIRED);

    private final Deque<TransferEvent> events = new ArrayDeque<>();
    private final TopicReader reader;

    EventLog(String bootstrapServers, Map<String, String> settings, Topics topics) {
        Map<String, Object> config = KafkaClients.consumer(bootstrapServers, settings, "ferry-api-events");
        // One fixed id whatever the settings say, and no group: the reader assigns every partition itself.
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-api-events");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.reader = new TopicReader("events", config, List.of(topics.events()), this);
    }

    void start() {
        reader.start();
    }

    /** Newest first; {@code type} null for all three kinds. */
    synchronized List<TransferEvent> latest(TransferEvent.Type type) {
        List<TransferEvent> result = new ArrayList<>();
        events.descendingIterator().forEachRemaining(e -> {
            if (type == null || e.type() == type) {
                result.add(e);
            }
        });
        return result;
    }

    synchronized void add(TransferEvent event) {
        if (!KEPT.contains(event.type())) {
            return;
        }
        events.addLast(event);
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    @Override
    public void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            TransferEvent event = FerrySerdes.events().deserializer().deserialize(record.topic(), record.value());
            if (event != null) {
                add(event);
            }
        } catch (RuntimeException e) {
            LOG.warn("skipping bad record topic={} partition={} offset={}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
        }
    }

    /** The JSON of {@code GET /api/v1/events}. */
    record EventView(String clientId, String fileId, String type, String at, String reason, Long size,
                     String message) {
        static EventView of(TransferEvent event) {
            return new EventView(event.clientId(), event.fileId(), event.type().name().toLowerCase(Locale.ROOT),
                    Instant.ofEpochMilli(event.at()).toString(), event.reason(), event.size(), event.message());
        }
    }

    record EventList(List<EventView> events) {
    }

    @Override
    public void close() {
        reader.close();
    }
}
