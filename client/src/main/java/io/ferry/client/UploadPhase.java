package io.ferry.client;

/** Where an upload is. */
public enum UploadPhase {
    /** Reading the file once for its SHA-256 (and the default fileId). */
    HASHING,
    /** Waiting for the connection. */
    CONNECTING,
    /** Sending init and asking the server what it already holds. */
    RESUMING,
    SENDING,
    /** fin sent; waiting for the server to verify and export the file. */
    FINISHING,
    /** Paused: the server answered quota_exceeded. */
    PAUSED,
    DONE,
    FAILED
}
