package io.ferry.protocol;

public enum CommandKind {
    INIT, SEGMENT, FIN, ABORT, STATUS
}
