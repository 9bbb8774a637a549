package io.ferry.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates an init payload exactly as EMQX does (`emqx_ft_schema:schema(filemeta)`): invalid JSON is {@code invalid_filemeta_json};
 * anything that fails the schema (not an object, unknown key, bad name, wrong types) is {@code invalid_filemeta}.
 * JSON nulls count as absent; integer fields accept a decimal string ("42"), never a fraction.
 * Beyond EMQX, {@code user_data} is bounded ({@link #userDataProblem(JsonNode)}): every later stage nests it inside
 * its own records and answers, so a value near Jackson's nesting limit would pass here and fail there.
 */
public final class FileMetaParser {
    public static final int MAX_NAME_BYTES = 240;
    /** Levels of arrays/objects in user_data: a scalar is 0, {@code {"a":1}} is 1. */
    public static final int MAX_USER_DATA_DEPTH = 32;
    /** user_data written as compact JSON (UTF-8). */
    public static final int MAX_USER_DATA_BYTES = 16 * 1024;
    private static final Set<String> KEYS = Set.of("name", "size", "checksum", "expire_at", "segments_ttl", "user_data");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");
    /** Whole payload must be one JSON value: {@code {"name":"a"}{...}} is not valid meta with junk ignored. */
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FileMetaParser() {
    }

    public static FileMeta parse(byte[] payload) {
        JsonNode root;
        try {
            root = STRICT.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(Reason.INVALID_FILEMETA_JSON, "init payload is not JSON");
        } catch (IOException e) {
            throw new ProtocolException(Reason.INVALID_FILEMETA_JSON, "init payload is not readable JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw new ProtocolException(Reason.INVALID_FILEMETA_JSON, "init payload is empty");
        }
        if (!root.isObject()) {
            throw invalid("init payload must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!KEYS.contains(key)) {
                throw invalid("unknown field: " + key);
            }
        }
        JsonNode userData = present(root, "user_data");
        String problem = userDataProblem(userData);
        if (problem != null) {
            throw invalid(problem);
        }
        return new FileMeta(
                name(present(root, "name")),
                integer(root, "size", 0),
                checksum(present(root, "checksum")),
                integer(root, "expire_at", 0),
                integer(root, "segments_ttl", 1),
                userData);
    }

    /**
     * The one rule for user_data, also applied by readers of records stored before it existed: null if
     * {@code userData} (may be null) is within {@link #MAX_USER_DATA_DEPTH} and {@link #MAX_USER_DATA_BYTES}, else
     * why not. Measured without recursion, so no value can overflow the stack here.
     */
    public static String userDataProblem(JsonNode userData) {
        if (userData == null) {
            return null;
        }
        if (depth(userData) > MAX_USER_DATA_DEPTH) {
            return "user_data nests deeper than " + MAX_USER_DATA_DEPTH + " levels";
        }
        if (Json.write(userData).length > MAX_USER_DATA_BYTES) {
            return "user_data is larger than " + MAX_USER_DATA_BYTES + " bytes";
        }
        return null;
    }

    private static int depth(JsonNode root) {
        record Level(JsonNode node, int depth) {
        }
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(root, root.isContainerNode() ? 1 : 0));
        int max = 0;
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            max = Math.max(max, level.depth());
            if (max > MAX_USER_DATA_DEPTH) {
                return max;
            }
            for (JsonNode child : level.node()) {
                if (child.isContainerNode()) {
                    pending.push(new Level(child, level.depth() + 1));
                }
            }
        }
        return max;
    }

    private static JsonNode present(JsonNode root, String key) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? null : node;
    }

    private static String name(JsonNode node) {
        if (node == null) {
            throw invalid("name is required");
        }
        if (!node.isTextual()) {
            throw invalid("name must be a string");
        }
        String name = node.textValue();
        if (name.getBytes(UTF_8).length > MAX_NAME_BYTES) {
            throw invalid("name is longer than " + MAX_NAME_BYTES + " bytes");
        }
        String unsafe = FileNames.whyUnsafe(name);
        if (unsafe != null) {
            throw invalid("name is " + unsafe);
        }
        return name;
    }

    private static Long integer(JsonNode root, String key, long min) {
        JsonNode node = present(root, key);
        if (node == null) {
            return null;
        }
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.longValue();
        } else if (node.isTextual() && DECIMAL.matcher(node.textValue()).matches()) {
            try {
                value = Long.parseLong(node.textValue());
            } catch (NumberFormatException e) {
                throw invalid(key + " is out of range");
            }
        } else {
            throw invalid(key + " must be an integer");
        }
        if (value < min) {
            throw invalid(key + " must be >= " + min);
        }
        return value;
    }

    private static Sha256 checksum(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || !Sha256.isHex64(node.textValue())) {
            throw invalid("checksum must be 64 hex characters");
        }
        return Sha256.parse(node.textValue());
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(Reason.INVALID_FILEMETA, message);
    }
}
