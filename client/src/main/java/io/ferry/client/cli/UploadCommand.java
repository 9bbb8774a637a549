package io.ferry.client.cli;

import io.ferry.client.FerryUploadException;
import io.ferry.client.FerryUploader;
import io.ferry.client.FerryUploaderBuilder;
import io.ferry.client.UploadRequest;
import io.ferry.client.UploadResult;
import io.ferry.protocol.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Upload files over MQTT; resumes interrupted uploads of the same file.",
                "Exit code 0 only when the server confirmed every file."})
final class UploadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to upload")
    List<Path> files;

    @Option(names = "--file-id", paramLabel = "ID",
            description = "fileId (one file only); default: SHA-256 of content and name, so a re-run resumes")
    String fileId;

    @Option(names = "--name", description = "name stored on the server (one file only; default the file's name)")
    String name;

    @Option(names = "--user-data", paramLabel = "JSON", description = "JSON stored with each file")
    String userData;

    @Option(names = {"-s", "--segment-size"}, paramLabel = "N", converter = SizeConverter.class,
            description = "segment size (65536, 64k, 1m); default from the broker's max packet size, at most 512k")
    int segmentSize;

    @Option(names = "--window", paramLabel = "N", defaultValue = "" + FerryUploaderBuilder.DEFAULT_WINDOW,
            description = "segments in flight per file (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "files uploaded at once (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = {"-q", "--quiet"}, description = "no progress bars")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FerryUploaderBuilder builder = connection.builder().window(window);
        if (segmentSize > 0) {
            builder.segmentSize(segmentSize).maxSegmentSize(Math.max(segmentSize, 1024));
        }
        List<CompletableFuture<UploadResult>> uploads = new ArrayList<>();
        try (FerryUploader uploader = builder.build()) {
            try (ProgressDisplay display = quiet ? null : new ProgressDisplay(System.err, System.console() != null)) {
                start(uploader, display, uploads);
                CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).handle((r, e) -> null).join();
            }
        }
        int failed = 0;
        for (int i = 0; i < files.size(); i++) {
            if (!report(files.get(i), uploads.get(i), out, err)) {
                failed++;
            }
        }
        return failed == 0 ? 0 : FerryCli.EXIT_FAILED;
    }

    /** Starts every upload, at most {@code parallel} at a time. */
    private void start(FerryUploader uploader, ProgressDisplay display, List<CompletableFuture<UploadResult>> uploads)
            throws Exception {
        Semaphore slots = new Semaphore(parallel);
        for (Path file : files) {
            slots.acquire();
            UploadRequest.Builder request = UploadRequest.ofFile(file);
            if (fileId != null) {
                request.fileId(fileId);
            }
            if (name != null) {
                request.name(name);
            }
            if (userData != null) {
                request.userData(Json.MAPPER.readTree(userData));
            }
            if (display != null) {
                request.onProgress(display.listenerFor(file.toString()));
            }
            CompletableFuture<UploadResult> upload = uploader.upload(request.build());
            upload.whenComplete((r, e) -> slots.release());
            uploads.add(upload);
        }
    }

    private void validate() {
        if (files.size() > 1 && (fileId != null || name != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--file-id and --name need exactly one FILE");
        }
        if (parallel < 1 || window < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel and --window must be >= 1");
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "not a file: " + file);
            }
        }
    }

    private static boolean report(Path file, CompletableFuture<UploadResult> upload, PrintWriter out,
                                  PrintWriter err) {
        try {
            UploadResult r = upload.join();
            out.printf("ok     %s  fileId=%s  %s  sha256=%s  sent=%s resent=%s skipped=%s%s%n", file, r.fileId(),
                    ProgressFormat.bytes(r.size()), r.sha256(), ProgressFormat.bytes(r.bytesSent()),
                    ProgressFormat.bytes(r.bytesResent()), ProgressFormat.bytes(r.bytesSkipped()),
                    r.reconnects() > 0 ? "  reconnects=" + r.reconnects() : "");
            out.flush();
            return true;
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause instanceof FerryUploadException f && f.reasonDescription() != null
                    ? " [" + f.reasonDescription() + "]" : "";
            err.printf("FAILED %s%s: %s%n", file, reason, cause.getMessage());
            err.flush();
            return false;
        }
    }
}
