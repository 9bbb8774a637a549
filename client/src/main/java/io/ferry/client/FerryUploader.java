package io.ferry.client;

import io.ferry.protocol.TransferStatus;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Uploads files to Ferry (or EMQX) over one MQTT connection, many at a time. It reconnects by itself; after every
 * reconnection each upload asks the server what it already holds and sends only what is missing. Build one with
 * {@link #builder()}:
 *
 * <pre>{@code
 * try (FerryUploader uploader = FerryUploader.builder()
 *         .broker("mqtt://localhost:1883").clientId("camera-7").build()) {
 *     UploadResult result = uploader.upload(Path.of("video.mp4")).join();
 * }
 * }</pre>
 */
public interface FerryUploader extends AutoCloseable {
    static FerryUploaderBuilder builder() {
        return new FerryUploaderBuilder();
    }

    /**
     * Connects (once; uploads connect on their own too). Completes when the connection is up and the response
     * topic subscribed, or exceptionally after the connect timeout.
     */
    CompletableFuture<Void> connect();

    /**
     * Starts an upload. The future completes when the server confirmed the whole file (fin answered success), or
     * exceptionally with a {@link FerryUploadException}. Cancelling the future aborts the transfer on the server.
     * Only one upload per fileId runs at a time.
     */
    CompletableFuture<UploadResult> upload(UploadRequest request);

    /** Uploads a file under its own name with the default fileId (see {@link FileIds}). */
    default CompletableFuture<UploadResult> upload(Path file) {
        return upload(UploadRequest.ofFile(file).build());
    }

    /**
     * What the server holds for this client's fileId (Ferry's status extension). Fails with a
     * {@link FerryUploadException} against a server without it (plain EMQX).
     */
    CompletableFuture<TransferStatus> status(String fileId);

    /** Abandons the transfer on the server; a running upload of this fileId here fails. */
    CompletableFuture<Void> abort(String fileId);

    String clientId();

    /**
     * Stops every upload without aborting it (uploading the same fileId later resumes) and disconnects. Running
     * uploads fail with reason {@code closed}.
     */
    @Override
    void close();
}
