package io.ferry.protocol;

public record Abort(String fileId) implements Command {
    public Abort {
        Checks.fileId(fileId);
    }

    @Override
    public CommandKind kind() {
        return CommandKind.ABORT;
    }
}
