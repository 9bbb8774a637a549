package io.ferry.broker.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * {@code ./ferry device add NAME [--file PATH] [--client-id REGEX]}: appends a credential for device NAME (bcrypt
 * hash of a new random secret) to the credentials file and prints the secret, once; it is stored nowhere else. The
 * file is {@code --file}, else {@code $FERRY_AUTH_FILE}, else {@value #DEFAULT_FILE}; it is replaced atomically, so
 * a broker rereading it never sees half a line.
 */
public final class DeviceAdd {
    static final String DEFAULT_FILE = "devices.passwd";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceAdd() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !args[0].equals("add")) {
            System.err.println("usage: ./ferry device add NAME [--file PATH] [--client-id REGEX]");
            System.exit(2);
            return;
        }
        String env = System.getenv("FERRY_AUTH_FILE");
        Path file = Path.of(env == null || env.isBlank() ? DEFAULT_FILE : env);
        String clientIds = null;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--file" -> file = Path.of(args[i + 1]);
                case "--client-id" -> clientIds = args[i + 1];
                default -> {
                    System.err.println("ferry device add: unknown option " + args[i]);
                    System.exit(2);
                    return;
                }
            }
        }
        try {
            String secret = add(file, args[1], clientIds);
            System.out.println("Added device '" + args[1] + "' to " + file.toAbsolutePath());
            System.out.println("username: " + args[1]);
            System.out.println("password: " + secret);
            System.out.println("Store the password on the device now: it is not shown again. The broker uses this"
                    + " file with FERRY_AUTH_FILE=" + file.toAbsolutePath());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("ferry device add: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Appends {@code name} and returns its new secret.
     *
     * @param clientIds the clientId pattern (a regular expression), or null for "the clientId is the name"
     */
    static String add(Path file, String name, String clientIds) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("device name must be letters, digits, '.', '_' or '-' (max 128): "
                    + name);
        }
        if (clientIds != null && clientIds.contains("\n")) {
            throw new IllegalArgumentException("--client-id must be one line");
        }
        String existing = read(file);
        CredentialsFile current = CredentialsFile.parse(existing);
        if (current.find(name) != null) {
            throw new IllegalArgumentException("device '" + name + "' already exists in " + file);
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String line = name + ":" + PasswordHashes.bcrypt(secret) + (clientIds == null ? "" : ":" + clientIds);
        String updated = existing.isEmpty() || existing.endsWith("\n") ? existing + line + "\n"
                : existing + "\n" + line + "\n";
        CredentialsFile.parse(updated);
        write(file, updated);
        return secret;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".devices", ".tmp");
            try {
                // An existing file keeps its mode (a broker container may read it as another user); a new one is
                // the owner's only.
                Files.setPosixFilePermissions(temp, Files.exists(file) ? Files.getPosixFilePermissions(file)
                        : PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's defaults apply
            }
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
