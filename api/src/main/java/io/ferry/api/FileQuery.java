package io.ferry.api;

import java.time.Instant;

/**
 * One page request of the file listing. Null filters match everything.
 *
 * @param clientId     exact clientId
 * @param nameContains case-insensitive substring of the file name
 * @param since        exported at or after (inclusive)
 * @param until        exported before (exclusive)
 * @param after        the cursor: the last key of the previous page
 */
record FileQuery(String clientId, String nameContains, Instant since, Instant until, int limit, FileKey after) {
    FileQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
    }

    static FileQuery first(int limit) {
        return new FileQuery(null, null, null, null, limit, null);
    }
}
