package io.ferry.api;

import static java.util.Objects.requireNonNull;

/**
 * An error answered to the client as JSON: {@code {"error":{"code","message"}}} on /api/v1, {@code {"code",
 * "message"}} on the EMQX-compatible /api/v5. Thrown by handlers; {@link ApiApp} maps it in one place.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = requireNonNull(code, "code");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BAD_REQUEST", message);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "UNAUTHORIZED", message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, "FORBIDDEN", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    static ApiException rangeNotSatisfiable(String message) {
        return new ApiException(416, "RANGE_NOT_SATISFIABLE", message);
    }

    static ApiException unavailable(String code, String message) {
        return new ApiException(503, code, message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // An expected answer, not a failure: skip the stack trace.
        return this;
    }
}
