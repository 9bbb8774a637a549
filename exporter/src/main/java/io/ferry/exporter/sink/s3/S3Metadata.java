package io.ferry.exporter.sink.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.ferry.exporter.sink.ExportFile;
import io.ferry.protocol.Json;
import io.ferry.protocol.Sha256;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * User metadata of exported objects ({@code x-amz-meta-*}): {@code clientid}, {@code fileid}, {@code sha256} (when
 * known), {@code user_data} (JSON with non-ASCII \\u-escaped). HTTP headers carry ASCII only, so ids are
 * percent-encoded per UTF-8 byte for '%' and anything outside printable ASCII. S3 caps user metadata at 2 KB:
 * an oversized user_data is left out and {@code user_data-omitted: true} says so.
 */
final class S3Metadata {
    static final String CLIENT_ID = "clientid";
    static final String FILE_ID = "fileid";
    static final String SHA256 = "sha256";
    static final String USER_DATA = "user_data";
    static final int MAX_BYTES = 2000;

    private S3Metadata() {
    }

    static Map<String, String> of(ExportFile file, Sha256 sha256) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CLIENT_ID, asciiHeaderValue(file.transferId().clientId()));
        metadata.put(FILE_ID, asciiHeaderValue(file.transferId().fileId()));
        if (sha256 != null) {
            metadata.put(SHA256, sha256.hex());
        }
        if (file.meta().userData() != null) {
            String userData = asciiJson(file.meta().userData());
            if (size(metadata) + USER_DATA.length() + userData.length() <= MAX_BYTES) {
                metadata.put(USER_DATA, userData);
            } else {
                metadata.put(USER_DATA + "-omitted", "true");
            }
        }
        return metadata;
    }

    static String asciiHeaderValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(UTF_8)) {
            int unsigned = b & 0xFF;
            if (unsigned >= 0x20 && unsigned <= 0x7E && unsigned != '%') {
                out.append((char) unsigned);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(unsigned >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(unsigned & 0xF, 16)));
            }
        }
        return out.toString();
    }

    static String asciiJson(Object value) {
        try {
            return Json.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize user_data", e);
        }
    }

    private static int size(Map<String, String> metadata) {
        return metadata.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
    }
}
