package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

public record Init(String fileId, FileMeta meta) implements Command {
    public Init {
        Checks.fileId(fileId);
        requireNonNull(meta, "meta");
    }

    @Override
    public CommandKind kind() {
        return CommandKind.INIT;
    }
}
