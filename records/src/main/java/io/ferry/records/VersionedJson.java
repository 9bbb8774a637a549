package io.ferry.records;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A JSON record format with a version: written as the record's JSON object with {@code "v": version} as its first
 * field; read by upgrading older versions step by step ({@code upgrades.get(n)} turns version n into n + 1) and
 * refusing newer ones. Records written before formats had versions have no {@code "v"} and are version 0: the same
 * fields as version 1. Changing a record's fields (a rename, a new meaning, a new required field) means a new
 * version and an upgrade step, and a compatibility test that reads a sample of the previous version (the test
 * resources {@code formats/*-v<n>.json}); unknown fields stay ignored so that an older reader still reads a record
 * that a newer writer only added an optional field to.
 */
public final class VersionedJson<T> {
    public static final String VERSION_FIELD = "v";
    private static final byte[] PREFIX_OPEN = "{\"v\":".getBytes(UTF_8);
    private final Class<T> type;
    private final int version;
    private final Map<Integer, UnaryOperator<ObjectNode>> upgrades;

    /** {@code upgrades} must hold a step for every version from 0 (or 1) below {@code version}, except 0 → 1. */
    public VersionedJson(Class<T> type, int version, Map<Integer, UnaryOperator<ObjectNode>> upgrades) {
        this.type = requireNonNull(type, "type");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        this.version = version;
        this.upgrades = Map.copyOf(requireNonNull(upgrades, "upgrades"));
        for (int from = 1; from < version; from++) {
            if (!this.upgrades.containsKey(from)) {
                throw new IllegalArgumentException("no upgrade of " + type.getSimpleName() + " from version " + from);
            }
        }
    }

    public int version() {
        return version;
    }

    /** The record's JSON with the version spliced in front: no tree is built on the write path. */
    public byte[] write(T value) {
        byte[] json = Json.write(value);
        if (json.length < 2 || json[0] != '{') {
            throw new IllegalStateException(type.getSimpleName() + " is not written as a JSON object");
        }
        byte[] number = Integer.toString(version).getBytes(UTF_8);
        boolean empty = json[1] == '}';
        byte[] out = new byte[PREFIX_OPEN.length + number.length + (empty ? 0 : 1) + json.length - 1];
        System.arraycopy(PREFIX_OPEN, 0, out, 0, PREFIX_OPEN.length);
        System.arraycopy(number, 0, out, PREFIX_OPEN.length, number.length);
        int at = PREFIX_OPEN.length + number.length;
        if (!empty) {
            out[at++] = ',';
        }
        System.arraycopy(json, 1, out, at, json.length - 1);
        return out;
    }

    /** Reads any version up to {@link #version()}; throws {@link UncheckedIOException} naming the problem. */
    public T read(byte[] bytes) {
        int written = writtenVersion(bytes);
        if (written > version) {
            throw new UncheckedIOException(new IOException(type.getSimpleName() + " record has format version "
                    + written + ", newer than " + version + " that this Ferry reads: upgrade this service"));
        }
        if (written == version) {
            // The common case: bind directly ("v" is an ignored unknown field).
            return Json.read(bytes, type);
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(bytes);
            if (!(tree instanceof ObjectNode object)) {
                throw new IOException(type.getSimpleName() + " record is not a JSON object");
            }
            object.remove(VERSION_FIELD);
            for (int from = Math.max(written, 1); from < version; from++) {
                object = upgrades.get(from).apply(object);
            }
            return Json.MAPPER.treeToValue(object, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + " of format version " + written, e);
        }
    }

    /** The leading {@code "v"} if the first field is one, else 0 (a record from before versions). */
    static int writtenVersion(byte[] bytes) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
                    || !VERSION_FIELD.equals(parser.currentName())) {
                return 0;
            }
            if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT || parser.getIntValue() < 1) {
                throw new IOException("format version must be a positive integer");
            }
            return parser.getIntValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the format version", e);
        }
    }
}
