package io.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.client.FerryUploadException;
import io.ferry.client.UploadResult;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.protocol.Sha256;
import io.ferry.system.Uploads.Upload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The invariant of every system test: each upload ends either with a success answer and exactly its bytes behind
 * the API (and in the sink, once), or with a failure answer from the server naming why, and then nothing of it is
 * visible. Never a silent loss, a duplicate or a partial file.
 */
final class Verify {
    private static final Duration CATALOG_LAG = Duration.ofSeconds(60);

    private Verify() {
    }

    /** Every upload succeeded and is byte-exact behind every given API instance. */
    static void allLanded(Uploads uploads, ApiClient... apis) {
        for (Upload upload : uploads.all()) {
            landed(upload, apis);
        }
    }

    /** The device got success, and every API serves exactly the file's bytes under its catalog entry. */
    static void landed(Upload upload, ApiClient... apis) {
        UploadResult result = success(upload);
        assertThat(result.sha256()).as("sha256 the device sent for %s", upload).isEqualTo(upload.sha256);
        assertThat(result.size()).as("size of %s", upload).isEqualTo(upload.size);
        byte[] expected = bytes(upload.file);
        for (ApiClient api : apis) {
            // The API materializes the catalog from Kafka: the entry may appear a moment after fin's answer.
            JsonNode entry = await(api.name() + " lists " + upload).atMost(CATALOG_LAG)
                    .until(() -> api.file(upload.clientId, upload.fileId).orElse(null), e -> e != null);
            assertThat(entry.get("sha256").asText()).as("%s catalog sha256 of %s", api.name(), upload)
                    .isEqualTo(upload.sha256);
            assertThat(entry.get("size").asLong()).as("%s catalog size of %s", api.name(), upload)
                    .isEqualTo(upload.size);
            sameBytes(api.content(upload.clientId, upload.fileId), expected, api.name() + " download of " + upload);
        }
    }

    /** The device got a failure answer from the server with this reason, and the API shows nothing of the file. */
    static void failedClearly(Upload upload, int reasonCode, String reason, ApiClient api) {
        Throwable failure = failure(upload);
        assertThat(failure).as("failure of %s", upload).isInstanceOf(FerryUploadException.class);
        FerryUploadException answer = (FerryUploadException) failure;
        assertThat(answer.reasonCode()).as("reason code of %s: %s", upload, answer.getMessage())
                .isEqualTo(reasonCode);
        assertThat(answer.reasonDescription()).as("reason of %s", upload).isEqualTo(reason);
        assertThat(api.file(upload.clientId, upload.fileId)).as("catalog entry of failed %s", upload).isEmpty();
    }

    /** No device resent a byte, and every fin was answered at the first round: nothing was lost on the way. */
    static void nothingResent(Uploads uploads) {
        for (Upload upload : uploads.all()) {
            nothingResent(upload);
        }
    }

    /** This device resent no byte, and its fin was answered at the first round. */
    static void nothingResent(Upload upload) {
        UploadResult result = success(upload);
        assertThat(result.bytesResent()).as("bytes resent for %s", upload).isZero();
        assertThat(result.finRounds()).as("fin rounds of %s", upload).isEqualTo(1);
    }

    /**
     * The upload succeeded and its device resent at most one window of segments: what was in flight when its
     * connection broke (a broker node stopped or died), never more.
     */
    static void resentAtMostTheWindow(Upload upload) {
        UploadResult result = success(upload);
        assertThat(result.bytesResent()).as("resent by %s: at most its window in flight when the connection broke",
                upload).isLessThanOrEqualTo((long) Cluster.WINDOW * Cluster.SEGMENT);
    }

    /** Exactly these files, once each and complete, each with its manifest; nothing else outside the temp dir. */
    static void localSinkHoldsExactly(Path root, Collection<Upload> landed) {
        checkSink(root, visibleFiles(root), landed);
    }

    /**
     * As {@link #localSinkHoldsExactly} for the clients of {@code landed} only (other tests may share the sink):
     * under their directories exactly these files, once each and complete.
     */
    static void localSinkHoldsExactlyForTheirClients(Path root, Collection<Upload> landed) {
        Set<String> clients = landed.stream().map(u -> u.relativeKey().substring(0, u.relativeKey().indexOf('/')))
                .collect(Collectors.toSet());
        Map<String, Path> visible = visibleFiles(root).entrySet().stream()
                .filter(e -> clients.contains(Path.of(e.getKey()).getName(0).toString()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        checkSink(root, visible, landed);
    }

    private static void checkSink(Path root, Map<String, Path> visible, Collection<Upload> landed) {
        Map<String, Upload> expected = new HashMap<>();
        for (Upload upload : landed) {
            expected.put(upload.relativeKey(), upload);
            expected.put(upload.relativeKey() + ".MANIFEST.json", upload);
        }
        assertThat(visible.keySet()).as("files visible under %s", root).containsExactlyInAnyOrderElementsOf(
                expected.keySet());
        for (Upload upload : landed) {
            sameBytes(bytes(visible.get(upload.relativeKey())), bytes(upload.file), "exported file of " + upload);
        }
    }

    /** What a crashed exporter left in the sink's temp dir (never visible as a file). */
    static List<Path> tempLeftovers(Path root) {
        Path temp = root.resolve(LocalSink.TEMP_DIR);
        if (!Files.isDirectory(temp)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(temp)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exactly these objects, once each and byte-exact; no multipart upload left open. */
    static void bucketHoldsExactly(S3Client s3, String bucket, Collection<Upload> landed) {
        List<String> keys = new ArrayList<>();
        // S3Proxy's filesystem store also lists its directories, as keys ending in '/': not objects Ferry wrote.
        s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key)
                .filter(key -> !key.endsWith("/")).forEach(keys::add);
        Map<String, Upload> expected = landed.stream().collect(Collectors.toMap(Upload::relativeKey,
                Function.identity()));
        assertThat(keys).as("objects in bucket %s", bucket).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Upload upload : landed) {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(r -> r.bucket(bucket)
                    .key(upload.relativeKey()));
            sameBytes(object.asByteArray(), bytes(upload.file), "object of " + upload);
        }
        assertThat(s3.listMultipartUploads(r -> r.bucket(bucket)).uploads()).as("open multipart uploads").isEmpty();
    }

    /** The catalog lists exactly these fileIds for each of their clients: no lost and no extra entry. */
    static void catalogListsExactly(ApiClient api, Collection<Upload> landed) {
        Map<String, List<String>> byClient = landed.stream().collect(Collectors.groupingBy(u -> u.clientId,
                Collectors.mapping(u -> u.fileId, Collectors.toList())));
        byClient.forEach((clientId, fileIds) -> await(api.name() + " lists every file of " + clientId)
                .atMost(CATALOG_LAG).untilAsserted(() -> assertThat(api.fileIds(clientId))
                        .containsExactlyInAnyOrderElementsOf(fileIds)));
    }

    static UploadResult success(Upload upload) {
        assertThat(upload.result).as("%s has ended", upload).isDone();
        try {
            return upload.result.get();
        } catch (ExecutionException e) {
            return fail("%s failed: %s", upload, e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Throwable failure(Upload upload) {
        assertThat(upload.result).as("%s has ended", upload).isDone();
        try {
            UploadResult result = upload.result.get();
            return fail("%s was expected to fail but succeeded: %s", upload, result);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Regular files under {@code root}, by path relative to it, except the exporter's temp dir. */
    static Map<String, Path> visibleFiles(Path root) {
        Set<Path> skip = Set.of(root.resolve(LocalSink.TEMP_DIR));
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> skip.stream().noneMatch(p::startsWith))
                    .collect(Collectors.toMap(p -> root.relativize(p).toString(), p -> p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Length, SHA-256 and every byte; reported without dumping megabytes into the failure message. */
    static void sameBytes(byte[] actual, byte[] expected, String what) {
        assertThat(actual.length).as("length of %s", what).isEqualTo(expected.length);
        assertThat(Sha256.digest(actual).hex()).as("sha256 of %s", what).isEqualTo(Sha256.digest(expected).hex());
        assertThat(Arrays.equals(actual, expected)).as("bytes of %s", what).isTrue();
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
