package io.ferry.protocol;

/** Ferry extension (docs/protocol.md §5): ask what the server holds for this transfer. */
public record Status(String fileId) implements Command {
    public Status {
        Checks.fileId(fileId);
    }

    @Override
    public CommandKind kind() {
        return CommandKind.STATUS;
    }
}
