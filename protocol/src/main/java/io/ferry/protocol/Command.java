package io.ferry.protocol;

/** One parsed file-transfer command (docs/protocol.md §2). Switch on {@link #kind()}. */
public sealed interface Command permits Init, Segment, Fin, Abort, Status {
    String fileId();

    CommandKind kind();
}
