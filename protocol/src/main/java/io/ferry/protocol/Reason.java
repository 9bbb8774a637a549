package io.ferry.protocol;

/**
 * Every outcome a device can read in a response: the numeric {@code reason_code} and the
 * {@code reason_description} string (docs/protocol.md §3). EMQX clients only know 0 and 128, so every
 * plain failure stays 128 and only the EIP-0021 codes with a meaning use 131 and 151.
 */
public enum Reason {
    SUCCESS(0x00, "success"),
    INVALID_FILE_COMMAND(0x80, "invalid_file_command"),
    INVALID_FILEID(0x80, "invalid_fileid"),
    INVALID_OFFSET(0x80, "invalid_offset"),
    INVALID_SIZE(0x80, "invalid_size"),
    INVALID_CHECKSUM(0x80, "invalid_checksum"),
    INVALID_FILEMETA_JSON(0x80, "invalid_filemeta_json"),
    INVALID_FILEMETA(0x80, "invalid_filemeta"),
    FILEMETA_CONFLICT(0x80, "filemeta_conflict"),
    CHECKSUM_MISMATCH(0x80, "checksum_mismatch"),
    INCOMPLETE(0x80, "incomplete"),
    UNKNOWN_TRANSFER(0x80, "unknown_transfer"),
    SEGMENT_TOO_LARGE(0x80, "segment_too_large"),
    EXPORT_FAILED(0x80, "export_failed"),
    QOS_NOT_SUPPORTED(0x80, "qos_not_supported"),
    INTERNAL_ERROR(0x80, "internal_error"),
    /** A per-transfer hard limit (segments, disjoint ranges, manifest size) would be broken: send fewer, larger segments. */
    TRANSFER_LIMIT_EXCEEDED(0x80, "transfer_limit_exceeded"),
    /** An abort that came too late: the file was exported and stays (delete it through the API). */
    ALREADY_EXPORTED(0x80, "already_exported"),
    ABORTED(0x83, "aborted"),
    QUOTA_EXCEEDED(0x97, "quota_exceeded");

    private final int code;
    private final String description;

    Reason(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public boolean isSuccess() {
        return this == SUCCESS;
    }

    public static Reason fromDescription(String description) {
        for (Reason reason : values()) {
            if (reason.description.equals(description)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown reason_description: " + description);
    }
}
