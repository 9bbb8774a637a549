package io.ferry.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.protocol.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Default fileIds. A file's default fileId is the SHA-256 of its content's SHA-256 and its name, so re-running an
 * interrupted upload of the same file resumes it, and the same content under another name is another transfer.
 */
public final class FileIds {
    private static final int BUFFER = 64 * 1024;

    private FileIds() {
    }

    /** The default fileId for content with this SHA-256 stored under this name: 64 lowercase hex characters. */
    public static String of(Sha256 content, String name) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(content.hex().getBytes(UTF_8));
        digest.update((byte) '\n');
        digest.update(name.getBytes(UTF_8));
        return Sha256.of(digest.digest()).hex();
    }

    /** The default fileId of a file under its own name; reads the whole file (streaming). */
    public static String forFile(Path file) throws IOException {
        return of(sha256(file), file.getFileName().toString());
    }

    /** Streams the file through SHA-256. */
    public static Sha256 sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return Sha256.of(digest.digest());
    }

    /** Null when {@code fileId} can be one topic level, else why not. */
    public static String whyInvalid(String fileId) {
        if (fileId.isEmpty()) {
            return "must not be empty";
        }
        for (int i = 0; i < fileId.length(); i++) {
            char c = fileId.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == 0) {
                return "must not contain '/', '+', '#' or NUL";
            }
        }
        if (fileId.getBytes(UTF_8).length > 255) {
            return "must be at most 255 UTF-8 bytes";
        }
        return null;
    }
}
