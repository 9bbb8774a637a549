package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.ferry.records.CatalogEntry;
import java.util.Base64;
import java.util.Comparator;

/**
 * Position of a file in the newest-first listing: (exportedAt, encoded transfer id), a total order that does not
 * change when other files arrive, so a cursor holding the last key of a page neither skips nor repeats files.
 */
record FileKey(long exportedAt, String transferId) implements Comparable<FileKey> {
    private static final Comparator<FileKey> NEWEST_FIRST = Comparator.comparingLong(FileKey::exportedAt)
            .thenComparing(FileKey::transferId).reversed();

    FileKey {
        requireNonNull(transferId, "transferId");
    }

    static FileKey of(CatalogEntry entry) {
        return new FileKey(entry.exportedAt(), entry.transferId().encode());
    }

    /** Opaque base64url cursor text. */
    String toCursor() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((exportedAt + ":" + transferId).getBytes(UTF_8));
    }

    /** Throws {@link IllegalArgumentException} if {@code cursor} was not made by {@link #toCursor()}. */
    static FileKey fromCursor(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not base64url", e);
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("malformed cursor");
        }
        try {
            return new FileKey(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed cursor", e);
        }
    }

    @Override
    public int compareTo(FileKey other) {
        return NEWEST_FIRST.compare(this, other);
    }
}
