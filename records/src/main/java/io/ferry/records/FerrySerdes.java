package io.ferry.records;

import io.ferry.protocol.Json;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serdes for every Ferry record; the only place record values become bytes. Tombstones map to null. */
public final class FerrySerdes {
    private FerrySerdes() {
    }

    public static Serde<TransferId> transferIds() {
        return Serdes.serdeFrom(nullSafe(TransferId::encodeBytes), nullSafeDe(TransferId::decode));
    }

    public static Serde<CommandRecord> commands() {
        return Serdes.serdeFrom(nullSafe(CommandRecordCodec::encode), nullSafeDe(CommandRecordCodec::decode));
    }

    public static Serde<Manifest> manifests() {
        return versioned(RecordFormats.MANIFEST);
    }

    public static Serde<ResponseRecord> responses() {
        return json(ResponseRecord.class);
    }

    public static Serde<CatalogEntry> catalog() {
        return versioned(RecordFormats.CATALOG_ENTRY);
    }

    public static Serde<ExportOutcome> outcomes() {
        return json(ExportOutcome.class);
    }

    public static Serde<TransferEvent> events() {
        return json(TransferEvent.class);
    }

    public static Serde<ClientUsageRecord> usage() {
        return json(ClientUsageRecord.class);
    }

    public static Serde<TransferSnapshot> snapshots() {
        return versioned(RecordFormats.TRANSFER_SNAPSHOT);
    }

    /** A record format with a version ({@link VersionedJson}): older versions are upgraded, newer ones refused. */
    public static <T> Serde<T> versioned(VersionedJson<T> format) {
        return Serdes.serdeFrom(nullSafe(format::write), nullSafeDe(format::read));
    }

    public static <T> Serde<T> json(Class<T> type) {
        return Serdes.serdeFrom(nullSafe(Json::write), nullSafeDe(bytes -> Json.read(bytes, type)));
    }

    private interface Encoder<T> {
        byte[] encode(T value);
    }

    private interface Decoder<T> {
        T decode(byte[] bytes);
    }

    private static <T> Serializer<T> nullSafe(Encoder<T> encoder) {
        return (topic, value) -> value == null ? null : encoder.encode(value);
    }

    private static <T> Deserializer<T> nullSafeDe(Decoder<T> decoder) {
        return (topic, bytes) -> bytes == null ? null : decoder.decode(bytes);
    }
}
