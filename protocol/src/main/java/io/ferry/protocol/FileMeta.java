package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The init payload (docs/protocol.md §2; EMQX's {@code emqx_ft_schema:schema(filemeta)}). Build it with {@link
 * FileMetaParser#parse(byte[])}, which applies EMQX's validation; the constructor only guards invariants. Equality is
 * on the decoded values, so key order in the device's JSON does not matter but {@code 1} and {@code 1.0} in user_data
 * differ, as in EMQX.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FileMeta(String name, Long size, Sha256 checksum, Long expireAt, Long segmentsTtl, JsonNode userData) {

    public FileMeta {
        requireNonNull(name, "name");
        if (size != null && size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        if (expireAt != null && expireAt < 0) {
            throw new IllegalArgumentException("expire_at must be >= 0: " + expireAt);
        }
        if (segmentsTtl != null && segmentsTtl < 1) {
            throw new IllegalArgumentException("segments_ttl must be >= 1: " + segmentsTtl);
        }
        if (userData != null && userData.isNull()) {
            userData = null;
        }
    }

    public static FileMeta named(String name) {
        return new FileMeta(name, null, null, null, null, null);
    }

    public byte[] toJson() {
        return Json.write(this);
    }
}
