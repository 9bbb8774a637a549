package io.ferry.exporter.sink.local;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.protocol.Json;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * temp file → fsync → rename. The data file is renamed into place first and the manifest last, so the manifest marks
 * a finished export; a crash in between leaves a data file without manifest, which the next attempt overwrites.
 */
final class LocalSinkWrite implements SinkWrite {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSinkWrite.class);
    private final LocalSink sink;
    private final ExportFile file;
    private final Path target;
    private final Path tempData;
    private final Path tempManifest;
    private final Clock clock;
    private FileChannel channel;
    private boolean finished;

    LocalSinkWrite(LocalSink sink, ExportFile file, Path target, Path tempDir, Clock clock) {
        this.sink = sink;
        this.file = file;
        this.target = target;
        this.clock = clock;
        String id = UUID.randomUUID().toString();
        this.tempData = tempDir.resolve(id + ".data");
        this.tempManifest = tempDir.resolve(id + ".manifest");
        try {
            channel = FileChannel.open(tempData, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create temporary file for " + file.transferId(), e);
        }
    }

    @Override
    public void write(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.transferId(), e);
        }
    }

    @Override
    public void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync " + file.transferId(), e);
        }
    }

    @Override
    public Location commit(Sha256 sha256) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        try {
            long written = channel.size();
            if (written != file.size()) {
                throw new IllegalStateException("wrote " + written + " bytes, expected " + file.size());
            }
            channel.force(true);
            channel.close();
            LocalManifest manifest = new LocalManifest(LocalManifest.VERSION, file.transferId().clientId(),
                    file.transferId().fileId(), file.name(), file.size(), sha256, clock.millis(), file.meta());
            writeDurably(tempManifest, Json.write(manifest));
            Path dir = Files.createDirectories(target.getParent());
            Files.move(tempData, target, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tempManifest, LocalSink.manifestOf(target), StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
            finished = true;
            return sink.locationOf(file);
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException("cannot commit " + file.transferId(), e);
        }
    }

    private static void writeDurably(Path path, byte[] content) throws IOException {
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
    }

    /** Makes the renames durable; some file systems cannot sync a directory, which only costs durability. */
    private static void forceDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing temporary file {}: {}", tempData, e.toString());
        }
        for (Path path : new Path[] {tempData, tempManifest}) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("cannot delete temporary file {}: {}", path, e.toString());
            }
        }
    }
}
