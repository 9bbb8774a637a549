package io.ferry.client.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.client.FerryUploadException;
import io.ferry.client.FerryUploader;
import io.ferry.client.FileIds;
import io.ferry.client.UploadPhase;
import io.ferry.client.UploadProgress;
import io.ferry.client.UploadRequest;
import io.ferry.client.UploadResult;
import io.ferry.protocol.CommandTopic;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Response;
import io.ferry.protocol.TransferStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploader: one MQTT connection ({@link CommandClient}), one event thread that runs every
 * {@link UploadSession}, and a small pool for the first pass over each file (its SHA-256).
 */
public final class DefaultFerryUploader implements FerryUploader {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultFerryUploader.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final UploaderConfig config;
    private final ScheduledThreadPoolExecutor loop;
    private final ExecutorService preparing;
    private final CommandClient client;
    private final Map<String, UploadSession> sessions = new LinkedHashMap<>();
    private final Host host = new Host();
    private volatile boolean closed;

    public DefaultFerryUploader(UploaderConfig config) {
        this(config, MqttTransports.create(config));
    }

    DefaultFerryUploader(UploaderConfig config, MqttTransport transport) {
        this.config = config;
        this.loop = new ScheduledThreadPoolExecutor(1, daemon("ferry-uploader-" + config.clientId()));
        this.loop.setRemoveOnCancelPolicy(true);
        this.preparing = Executors.newFixedThreadPool(2, daemon("ferry-hash-" + config.clientId()));
        this.client = new CommandClient(config, transport, loop, new ConnectionEvents());
    }

    @Override
    public CompletableFuture<Void> connect() {
        if (closed) {
            return CompletableFuture.failedFuture(closedFailure(null));
        }
        return client.connect();
    }

    @Override
    public CompletableFuture<UploadResult> upload(UploadRequest request) {
        if (closed) {
            return CompletableFuture.failedFuture(closedFailure(request.fileId()));
        }
        UploadFuture future = new UploadFuture();
        client.connect();
        preparing.execute(() -> prepare(request, future));
        return future;
    }

    /** Off the event thread: opens the source (a file is hashed here) and derives fileId and init. */
    private void prepare(UploadRequest request, UploadFuture future) {
        String label = request.fileId() == null ? "" : request.fileId();
        SegmentSource source;
        try {
            if (request.file() != null) {
                long size = Files.size(request.file());
                hashing(request, new UploadProgress(label, request.name(), size, UploadPhase.HASHING, 0, 0, 0, 0));
                source = FileSource.open(request.file());
            } else {
                source = new StreamSource(request.stream(), request.streamSize(), request.checksum());
            }
        } catch (IOException e) {
            future.completeExceptionally(FerryUploadException.local(request.fileId(), "io_error",
                    "cannot read " + request.file() + ": " + e, e));
            return;
        }
        String fileId = request.fileId() != null ? request.fileId()
                : request.file() != null ? FileIds.of(source.knownChecksum(), request.name())
                : UUID.randomUUID().toString();
        FileMeta meta = new FileMeta(request.name(), source.size(), source.knownChecksum(), request.expireAt(),
                request.segmentsTtl(), request.userData());
        UploadSession session = new UploadSession(host, future, source, fileId, meta, request.progressListener());
        if (!post(() -> register(session))) {
            source.close();
            future.completeExceptionally(closedFailure(fileId));
        }
    }

    private static void hashing(UploadRequest request, UploadProgress progress) {
        try {
            request.progressListener().onProgress(progress);
        } catch (RuntimeException e) {
            // The listener is the caller's code: a bug there must not stop the upload.
            LOG.warn("progress listener failed for {}", request.name(), e);
        }
    }

    private void register(UploadSession session) {
        String fileId = session.fileId();
        if (closed || sessions.containsKey(fileId)) {
            session.abandon(closed ? closedFailure(fileId) : FerryUploadException.local(fileId, "busy",
                    "fileId " + fileId + " is already being uploaded by this client", null));
            return;
        }
        sessions.put(fileId, session);
        session.onCancel(() -> post(() -> session.cancelled().whenComplete((r, e) -> logAbort(fileId, r, e))));
        session.start();
    }

    private void logAbort(String fileId, Response response, Throwable error) {
        if (response != null) {
            LOG.info("abort answered {} fileId={} clientId={}", response.reasonDescription(), fileId,
                    config.clientId());
        } else if (error != null) {
            LOG.warn("abort not confirmed fileId={} clientId={}: {}", fileId, config.clientId(), error.getMessage());
        }
    }

    @Override
    public CompletableFuture<TransferStatus> status(String fileId) {
        CommandTopic topics = CommandTopic.of(config.mode(), fileId);
        return command(fileId, "status", () -> client.request(topics.status().topic(), EMPTY, config.statusTimeout()))
                .thenApply(response -> {
                    if (!response.isSuccess() || response.transfer() == null) {
                        throw new FerryUploadException(fileId, response.reasonCode(), response.reasonDescription(),
                                "status not answered (" + response.reasonDescription() + "): the server may not "
                                        + "support Ferry's status extension");
                    }
                    return response.transfer();
                });
    }

    @Override
    public CompletableFuture<Void> abort(String fileId) {
        CommandTopic topics = CommandTopic.of(config.mode(), fileId);
        return command(fileId, "abort", () -> {
            UploadSession running = sessions.get(fileId);
            if (running != null) {
                running.abandon(new FerryUploadException(fileId, 0x83, "aborted", "upload aborted by the caller"));
            }
            return client.request(topics.abort().topic(), EMPTY, config.responseTimeout());
        }).thenApply(response -> {
            if (!response.isSuccess()) {
                throw new FerryUploadException(fileId, response.reasonCode(), response.reasonDescription(),
                        "abort answered " + response.reasonDescription());
            }
            return null;
        });
    }

    /** Runs a one-off command on the event thread once online; internal failures become FerryUploadExceptions. */
    private CompletableFuture<Response> command(String fileId, String what, Supplier<CompletableFuture<Response>> send) {
        if (closed) {
            return CompletableFuture.failedFuture(closedFailure(fileId));
        }
        CompletableFuture<Response> result = new CompletableFuture<>();
        client.connect().whenComplete((ok, connectError) -> {
            if (!post(() -> send(fileId, what, send, connectError, result))) {
                result.completeExceptionally(closedFailure(fileId));
            }
        });
        return result;
    }

    private void send(String fileId, String what, Supplier<CompletableFuture<Response>> send, Throwable connectError,
                      CompletableFuture<Response> result) {
        if (connectError != null) {
            result.completeExceptionally(unwrap(connectError));
            return;
        }
        send.get().whenComplete((response, error) -> {
            if (error == null) {
                result.complete(response);
                return;
            }
            Throwable cause = unwrap(error);
            String word = cause instanceof SessionHost.ResponseTimeoutException ? "timeout" : "connection_lost";
            result.completeExceptionally(cause instanceof FerryUploadException ? cause
                    : FerryUploadException.local(fileId, word, what + " failed: " + cause.getMessage(), cause));
        });
    }

    @Override
    public String clientId() {
        return config.clientId();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> disconnected = new CompletableFuture<>();
        loop.execute(() -> {
            new ArrayList<>(sessions.values()).forEach(s -> s.abandon(closedFailure(s.fileId())));
            client.close().whenComplete((ok, e) -> disconnected.complete(null));
        });
        if (!Thread.currentThread().getName().startsWith("ferry-uploader-")) {
            try {
                disconnected.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("disconnect did not finish cleanly clientId={}: {}", config.clientId(), e.toString());
            }
        }
        loop.shutdown();
        preparing.shutdownNow();
    }

    /** Runs a task on the event thread; false once the uploader is closed. */
    private boolean post(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static FerryUploadException closedFailure(String fileId) {
        return FerryUploadException.local(fileId, "closed", "uploader closed", null);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private final class ConnectionEvents implements CommandClient.Listener {
        @Override
        public void online() {
            new ArrayList<>(sessions.values()).forEach(UploadSession::online);
        }

        @Override
        public void offline() {
            new ArrayList<>(sessions.values()).forEach(UploadSession::offline);
        }

        @Override
        public void failed(FerryUploadException failure) {
            new ArrayList<>(sessions.values()).forEach(s -> s.abandon(failure));
        }
    }

    private final class Host implements SessionHost {
        @Override
        public CompletableFuture<Response> request(String topic, ByteBuffer payload, Duration timeout) {
            return client.request(topic, payload, timeout);
        }

        @Override
        public boolean online() {
            return client.online();
        }

        @Override
        public int segmentSize(CommandTopic topics) {
            int topicBytes = topics.maxTopicBytes() + config.responseTopic().getBytes(UTF_8).length + Long.BYTES;
            return SegmentSizing.effective(config.segmentSize(), config.maxSegmentSize(), client.maxPacketSize(),
                    topicBytes);
        }

        @Override
        public boolean statusSupported() {
            return client.statusSupported();
        }

        @Override
        public void statusSupported(boolean supported) {
            client.statusSupported(supported);
        }

        @Override
        public void schedule(Runnable task, Duration delay) {
            loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void finished(UploadSession session) {
            sessions.remove(session.fileId(), session);
        }

        @Override
        public UploaderConfig config() {
            return config;
        }
    }
}
