package io.ferry.bench;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/** A file of random (incompressible) bytes the harness wrote, with its SHA-256, to upload and compare. */
record DataFile(Path path, long size, String sha256) {
    private static final int CHUNK = 1024 * 1024;

    DataFile {
        requireNonNull(path, "path");
        requireNonNull(sha256, "sha256");
    }

    static DataFile random(Path dir, String name, long size, long seed) {
        Path path = dir.resolve(name);
        MessageDigest digest = Sha256.newDigest();
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(path)) {
                long left = size;
                while (left > 0) {
                    chunk.clear();
                    while (chunk.remaining() >= Long.BYTES) {
                        chunk.putLong(random.nextLong());
                    }
                    int n = (int) Math.min(left, CHUNK);
                    digest.update(chunk.array(), 0, n);
                    out.write(chunk.array(), 0, n);
                    left -= n;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        return new DataFile(path, size, Sha256.of(digest.digest()).hex());
    }

    String name() {
        return path.getFileName().toString();
    }

    /** Whether {@code other} holds exactly these bytes (size, then SHA-256). */
    boolean sameBytes(Path other) {
        try {
            if (!Files.isRegularFile(other) || Files.size(other) != size) {
                return false;
            }
            try (InputStream in = Files.newInputStream(other)) {
                return sha256Of(in).equals(sha256);
            }
        } catch (IOException e) {
            return false;
        }
    }

    static String sha256Of(InputStream in) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[CHUNK];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return Sha256.of(digest.digest()).hex();
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover in the work directory, removed with it
        }
    }
}
