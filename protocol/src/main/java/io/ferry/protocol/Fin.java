package io.ferry.protocol;

/** fin: the file is exactly {@code size} bytes; {@code checksum} is the whole-file SHA-256 from the topic, or null. */
public record Fin(String fileId, long size, Sha256 checksum) implements Command {
    public Fin {
        Checks.fileId(fileId);
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
    }

    @Override
    public CommandKind kind() {
        return CommandKind.FIN;
    }
}
