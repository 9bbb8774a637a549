package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.ByteRange;
import io.ferry.records.CatalogEntry;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.Json;
import io.ferry.records.TopicAdmin;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import io.ferry.testing.KafkaFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole API over a real in-process Kafka: catalog materialization, readiness, delete tombstones. */
class ApiServerIT {
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    private static final String ADMIN = "it-admin-token";
    private static final String READER = "it-read-token";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void shouldMaterializeCatalogAndTransfersAndSkipBadRecords() throws Exception {
        Topics topics = KAFKA.newTopics(3);
        KafkaProducer<byte[], byte[]> producer = producer(Map.of());
        CatalogEntry first = TestFiles.stored(root, "c/1", "f:1", "a.txt", "hello".getBytes(UTF_8), 1_000, null);
        CatalogEntry second = TestFiles.stored(root, "c2", "f", "b.bin", TestFiles.pattern(64), 2_000, null);
        send(producer, topics.files(), first.transferId(), entryBytes(first));
        send(producer, topics.files(), second.transferId(), entryBytes(second));
        producer.send(new ProducerRecord<>(topics.files(), new TransferId("bad", "json").encodeBytes(),
                "{not json".getBytes(UTF_8))).get();
        send(producer, topics.transfers(), new TransferId("c3", "up"), snapshotBytes("c3", "up"));

        ApiServer server = start(topics);
        await().atMost(WAIT).until(() -> get(server, "/health", null).statusCode() == 200);
        assertThat(server.isReady()).isTrue();

        JsonNode files = json(get(server, "/api/v1/files", READER));
        assertThat(files.get("files")).extracting(f -> f.get("fileId").asText()).containsExactly("f", "f:1");
        assertThat(get(server, ApiHarness.path("c/1", "f:1") + "/content", READER).body())
                .isEqualTo("hello".getBytes(UTF_8));
        JsonNode transfer = json(get(server, "/api/v1/transfers/c3/up", READER));
        assertThat(transfer.get("state").asText()).isEqualTo("receiving");
        assertThat(transfer.get("received").toString()).isEqualTo("[[0,10]]");
        assertThat(server.scrapeMetrics()).contains("ferry_api_catalog_bad_records_total 1.0");

        // Live updates after readiness: a new file, a deleted file, a finished transfer.
        CatalogEntry third = TestFiles.stored(root, "c3", "up", "c.txt", "x".getBytes(UTF_8), 3_000, null);
        send(producer, topics.files(), third.transferId(), entryBytes(third));
        send(producer, topics.files(), second.transferId(), null);
        send(producer, topics.transfers(), new TransferId("c3", "up"), null);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(json(get(server, "/api/v1/files", READER)).get("files"))
                    .extracting(f -> f.get("fileId").asText()).containsExactly("up", "f:1");
            assertThat(get(server, "/api/v1/transfers/c3/up", READER).statusCode()).isEqualTo(404);
        });
    }

    @Test
    void shouldListEveryPageWhenOneStoredFileHoldsUserDataNestedNearJacksonsLimit() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        KafkaProducer<byte[], byte[]> producer = producer(Map.of());
        CatalogEntry before = TestFiles.stored(root, "c", "a", "a.txt", "a".getBytes(UTF_8), 1_000, "{\"k\":1}");
        CatalogEntry deep = TestFiles.stored(root, "c", "deep", "d.txt", "d".getBytes(UTF_8), 2_000, "\"X\"");
        CatalogEntry after = TestFiles.stored(root, "c", "z", "z.txt", "z".getBytes(UTF_8), 3_000, null);
        // As an init accepted before user_data was bounded left it in ferry.files: 998 levels.
        String nested = "[".repeat(998) + "]".repeat(998);
        byte[] deepBytes = new String(entryBytes(deep), UTF_8).replace("\"user_data\":\"X\"",
                "\"user_data\":" + nested).getBytes(UTF_8);
        send(producer, topics.files(), before.transferId(), entryBytes(before));
        send(producer, topics.files(), deep.transferId(), deepBytes);
        send(producer, topics.files(), after.transferId(), entryBytes(after));
        ApiServer server = start(topics);
        await().atMost(WAIT).until(server::isReady);

        HttpResponse<byte[]> page = get(server, "/api/v1/files", READER);
        assertThat(page.statusCode()).isEqualTo(200);
        JsonNode files = json(page).get("files");
        assertThat(files).extracting(f -> f.get("fileId").asText()).containsExactly("z", "deep", "a");
        assertThat(files.get(1).get("userDataOmitted").asBoolean()).isTrue();
        assertThat(files.get(1).at("/meta/name").asText()).isEqualTo("d.txt");
        assertThat(files.get(1).get("meta").has("user_data")).isFalse();
        assertThat(files.get(2).at("/meta/user_data/k").asInt()).isEqualTo(1);
        assertThat(files.get(2).has("userDataOmitted")).isFalse();
        HttpResponse<byte[]> one = get(server, ApiHarness.path("c", "deep"), READER);
        assertThat(one.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> emqx = get(server, "/api/v5/file_transfer/files?limit=2", READER);
        assertThat(emqx.statusCode()).isEqualTo(200);
        JsonNode emqxFiles = json(emqx).get("files");
        assertThat(emqxFiles).extracting(f -> f.get("fileid").asText()).containsExactly("z", "deep");
        assertThat(emqxFiles.get(1).at("/metadata/user_data_omitted").asBoolean()).isTrue();
    }

    @Test
    void shouldWriteTombstoneOnDeleteThatAnotherInstanceHonours() throws Exception {
        Topics topics = KAFKA.newTopics(2);
        KafkaProducer<byte[], byte[]> producer = producer(Map.of());
        CatalogEntry entry = TestFiles.stored(root, "dev/7", "log:1", "log.txt", "bytes".getBytes(UTF_8), 1_000,
                null);
        CatalogEntry kept = TestFiles.stored(root, "dev/7", "log:2", "log.txt", "more".getBytes(UTF_8), 2_000,
                null);
        send(producer, topics.files(), entry.transferId(), entryBytes(entry));
        send(producer, topics.files(), kept.transferId(), entryBytes(kept));
        ApiServer server = start(topics);
        await().atMost(WAIT).until(server::isReady);

        HttpResponse<byte[]> forbidden = send(server, "DELETE", ApiHarness.path("dev/7", "log:1"), READER);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        HttpResponse<byte[]> deleted = send(server, "DELETE", ApiHarness.path("dev/7", "log:1"), ADMIN);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(Path.of(URI.create(entry.locations().get(0).uri()))).doesNotExist();

        ConsumerRecord<byte[], byte[]> last = lastRecordOf(topics.files(), entry.transferId());
        assertThat(last.value()).isNull();

        ApiServer fresh = start(topics);
        await().atMost(WAIT).until(fresh::isReady);
        assertThat(get(fresh, ApiHarness.path("dev/7", "log:1"), READER).statusCode()).isEqualTo(404);
        assertThat(get(fresh, ApiHarness.path("dev/7", "log:2"), READER).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldIgnoreAbortedTransactionsAndWaitForTopicsToExist() throws Exception {
        Topics topics = Topics.withPrefix(KafkaFixture.uniqueId("late") + ".");
        CatalogIndex index = new CatalogIndex();
        KafkaCatalog catalog = new KafkaCatalog(KAFKA.bootstrapServers(), Map.of(), topics, index,
                ApiMetrics.create());
        closeables.add(catalog);
        catalog.start();
        assertThat(index.isReady()).isFalse();

        TopicAdmin.ensureTopics(KAFKA.admin(), topics, 1, (short) 1);
        KafkaProducer<byte[], byte[]> tx = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                KafkaFixture.uniqueId("tx")));
        tx.initTransactions();
        CatalogEntry aborted = TestFiles.entry("c", "aborted", "n", 1);
        CatalogEntry committed = TestFiles.entry("c", "committed", "n", 2);
        tx.beginTransaction();
        tx.send(new ProducerRecord<>(topics.files(), aborted.transferId().encodeBytes(), entryBytes(aborted)));
        tx.flush();
        tx.abortTransaction();
        tx.beginTransaction();
        tx.send(new ProducerRecord<>(topics.files(), committed.transferId().encodeBytes(), entryBytes(committed)));
        tx.commitTransaction();

        await().atMost(WAIT).until(() -> index.file(committed.transferId()).isPresent());
        await().atMost(WAIT).until(index::isReady);
        assertThat(index.file(aborted.transferId())).isEmpty();
        assertThat(index.fileCount()).isEqualTo(1);
    }

    @Test
    void shouldStopEveryKafkaClientThreadOnClose() {
        Topics topics = KAFKA.newTopics(1);
        ApiConfig config = new ApiConfig("127.0.0.1", 0, ADMIN, List.of(READER), KAFKA.bootstrapServers(), topics,
                Duration.ofSeconds(60), Map.of(), Map.of("client.id", "api-close-check"), root, null, true, null,
                Duration.ofMinutes(1));
        ApiServer server = ApiServer.start(config);
        assertThat(threadsNamed("api-close-check")).as("producer threads while running").isNotEmpty();

        server.close();

        // before the fix the abort producer outlived the server, retrying a Kafka that was long gone
        assertThat(threadsNamed("api-close-check")).as("producer threads after close").isEmpty();
    }

    private static List<String> threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains(part)).toList();
    }

    private ApiServer start(Topics topics) {
        ApiConfig config = new ApiConfig("127.0.0.1", 0, ADMIN, List.of(READER), KAFKA.bootstrapServers(), topics,
                Duration.ofSeconds(60), Map.of(), Map.of(), root, null, true, null, Duration.ofMinutes(1));
        ApiServer server = ApiServer.start(config);
        closeables.add(server);
        return server;
    }

    private KafkaProducer<byte[], byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(KAFKA.clientConfig());
        config.putAll(extra);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer());
        closeables.add(producer);
        return producer;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, TransferId id, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, FerrySerdes.transferIds().serializer().serialize(topic, id),
                value)).get();
    }

    private static byte[] entryBytes(CatalogEntry entry) {
        return FerrySerdes.catalog().serializer().serialize("t", entry);
    }

    private static byte[] snapshotBytes(String clientId, String fileId) {
        TransferStatus status = new TransferStatus(TransferState.RECEIVING, List.of(new ByteRange(0, 10)), 10,
                100L, List.of(new ByteRange(10, 100)));
        return FerrySerdes.snapshots().serializer().serialize("t",
                new TransferSnapshot(clientId, fileId, "up.bin", status, 1_000, 2_000));
    }

    private ConsumerRecord<byte[], byte[]> lastRecordOf(String topic, TransferId id) {
        Map<String, Object> config = new HashMap<>(KAFKA.clientConfig());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (TransferId.decode(r.key()).equals(id)) {
                        mine.add(r);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            assertThat(mine).isNotEmpty();
            return mine.get(mine.size() - 1);
        }
    }

    private HttpResponse<byte[]> get(ApiServer server, String path, String token) {
        return send(server, "GET", path, token);
    }

    private HttpResponse<byte[]> send(ApiServer server, String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(WAIT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
