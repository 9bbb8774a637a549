package io.ferry.api;

import io.ferry.records.TransferId;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads and checks request parameters; anything malformed is a 400 naming the parameter. */
final class Params {
    private Params() {
    }

    /** The (clientId, fileId) of the path; ids containing '/' arrive %2F-encoded and are decoded here. */
    static TransferId transferId(Context ctx) {
        return transferId(ctx, "clientId", "fileId");
    }

    static TransferId transferId(Context ctx, String clientParam, String fileParam) {
        String clientId = ctx.pathParam(clientParam);
        String fileId = ctx.pathParam(fileParam);
        if (clientId.isEmpty() || fileId.isEmpty()) {
            throw ApiException.badRequest("clientId and fileId must not be empty");
        }
        return new TransferId(clientId, fileId);
    }

    static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    static int integer(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name + " must be an integer in [" + min + ", " + max + "]");
    }

    /** An ISO-8601 instant ({@code 2024-05-01T10:00:00Z}) or date-time with offset. */
    static Instant instant(Context ctx, String name) {
        String raw = text(ctx, name);
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 date-time with offset, e.g. "
                    + "2024-05-01T10:00:00Z");
        }
    }

    static FileKey cursor(Context ctx, String name) {
        String raw = text(ctx, name);
        if (raw == null) {
            return null;
        }
        try {
            return FileKey.fromCursor(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid cursor");
        }
    }
}
