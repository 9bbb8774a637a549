package io.ferry.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The standalone's data directory: checked writable up front; holds generated secrets so restarts keep them. */
final class DataDir {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DataDir() {
    }

    static Path prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
            return dir;
        } catch (IOException | SecurityException e) {
            throw new StartupException("data directory " + dir + " is not writable (" + e.getMessage()
                    + "); choose another with FERRY_DATA_DIR");
        }
    }

    /** The secret stored in {@code dir/name}, generated on first use and readable by the owner only. */
    static Secret secret(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            if (Files.isRegularFile(file)) {
                return new Secret(Files.readString(file, StandardCharsets.UTF_8).trim(), file, false);
            }
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the directory's default permissions
            }
            return new Secret(value, file, true);
        } catch (IOException e) {
            throw new StartupException("cannot read or create " + file + ": " + e.getMessage());
        }
    }

    record Secret(String value, Path file, boolean generated) {
    }
}
