package io.ferry.system.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * EMQX's example clients, unmodified, from emqx/MQTT-Client-Examples commit {@value #COMMIT}
 * ({@code mqtt-client-Node.js/emqx-file-transfer.js}, {@code mqtt-client-Python3/file_transfer.py}), vendored under
 * the test resources {@code compat/emqx-examples/} with their MIT licence. They are used only after checking that
 * they are still EMQX's exact blobs, so an edit to them fails the tests instead of quietly testing our own client.
 */
final class EmqxExamples {
    static final String COMMIT = "cec33ab537cee616a022bf13bef12edfd4d861ba";
    static final String NODE = "emqx-file-transfer.js";
    static final String NODE_BLOB = "0310938ff935fad59ec49e97ea34c383834280bb";
    static final String PYTHON = "file_transfer.py";
    static final String PYTHON_BLOB = "88511a1a5cc05659edd4db9c08cfa6d92b66dc69";

    private EmqxExamples() {
    }

    /** Writes the unmodified example to {@code target}, failing if it differs from EMQX's file by one byte. */
    static Path copy(String name, String expectedBlob, Path target) throws IOException {
        byte[] bytes = resource("/compat/emqx-examples/" + name);
        assertThat(gitBlobId(bytes)).as("%s must be EMQX's file unmodified (git blob id)", name)
                .isEqualTo(expectedBlob);
        Files.createDirectories(target.getParent());
        return Files.write(target, bytes);
    }

    static byte[] resource(String path) {
        try (InputStream in = EmqxExamples.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code git hash-object} prints: SHA-1 of "blob {length}\0" and the bytes. */
    static String gitBlobId(byte[] bytes) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + bytes.length + "\0").getBytes(UTF_8));
            return HexFormat.of().formatHex(sha1.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
