package io.ferry.exporter.sink.s3;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import java.nio.ByteBuffer;

/** A file below the multipart threshold: held in memory, sent with one PutObject once verified. */
final class SinglePutWrite implements SinkWrite {
    private final S3Sink sink;
    private final ExportFile file;
    private final ByteBuffer buffer;
    private boolean finished;

    SinglePutWrite(S3Sink sink, ExportFile file) {
        this.sink = sink;
        this.file = file;
        this.buffer = ByteBuffer.allocate(Math.toIntExact(file.size()));
        sink.reserve(file.size());
    }

    @Override
    public void write(ByteBuffer bytes) {
        if (bytes.remaining() > buffer.remaining()) {
            throw new IllegalStateException("more bytes than the file size " + file.size());
        }
        buffer.put(bytes);
    }

    @Override
    public Location commit(Sha256 sha256) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("wrote " + buffer.position() + " bytes, expected " + file.size());
        }
        buffer.flip();
        sink.client().putObject(r -> r.bucket(sink.config().bucket()).key(sink.keyOf(file))
                        .contentType(S3Sink.contentType(file.name())).contentLength(file.size())
                        .metadata(S3Metadata.of(file, sha256)),
                S3Sink.body(buffer));
        finish();
        return sink.locationOf(file);
    }

    @Override
    public void abort() {
        finish();
    }

    private void finish() {
        if (!finished) {
            finished = true;
            sink.release(file.size());
        }
    }
}
