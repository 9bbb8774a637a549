package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ferry.protocol.ByteRange;
import io.ferry.records.CatalogEntry;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.FileMetaParser;
import io.ferry.records.Location;
import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The JSON bodies of the API, built from catalog records. Times are ISO-8601 UTC on /api/v1. */
final class Views {
    private static final DateTimeFormatter RFC3339_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final Set<TransferState> FINISHED =
            Set.of(TransferState.EXPORTED, TransferState.FAILED, TransferState.ABORTED);

    private Views() {
    }

    /** {@code userDataOmitted}: true when the stored user_data breaks the init rule (see {@link #shown}). */
    record FileView(String clientId, String fileId, String name, long size, String sha256, String exportedAt,
                    List<Location> locations, String contentUrl, FileMeta meta,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean userDataOmitted) {
    }

    record FileList(List<FileView> files, String cursor) {
    }

    record TransferView(String clientId, String fileId, String name, TransferState state, long bytes, Long size,
                        List<ByteRange> received, List<ByteRange> missing, String startedAt, String lastActivity,
                        boolean stalled) {
    }

    record TransferList(List<TransferView> transfers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EmqxFile(String clientid, String fileid, String name, long size, String timestamp, String uri,
                    Map<String, Object> metadata) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EmqxList(List<EmqxFile> files, String cursor) {
    }

    static String contentPath(String clientId, String fileId) {
        return "/api/v1/files/" + HttpText.pathSegment(clientId) + "/" + HttpText.pathSegment(fileId) + "/content";
    }

    static FileView file(CatalogEntry entry) {
        FileMeta meta = shown(entry.meta());
        return new FileView(entry.clientId(), entry.fileId(), entry.name(), entry.size(), entry.sha256().hex(),
                iso(entry.exportedAt()), entry.locations(), contentPath(entry.clientId(), entry.fileId()),
                meta, meta == entry.meta() ? null : Boolean.TRUE);
    }

    /**
     * The meta without user_data if it breaks the init rule. Files exported before the rule existed can hold
     * user_data nested almost to Jackson's limit; inside a page it goes past it, and one such file would make every
     * page that lists it fail to serialize.
     */
    static FileMeta shown(FileMeta meta) {
        if (FileMetaParser.userDataProblem(meta.userData()) == null) {
            return meta;
        }
        return new FileMeta(meta.name(), meta.size(), meta.checksum(), meta.expireAt(), meta.segmentsTtl(), null);
    }

    /** Stalled: not finished and silent for longer than {@code stalledAfter}. */
    static TransferView transfer(TransferSnapshot snapshot, Clock clock, Duration stalledAfter) {
        var status = snapshot.status();
        boolean stalled = !FINISHED.contains(status.state())
                && clock.millis() - snapshot.lastActivityAt() > stalledAfter.toMillis();
        return new TransferView(snapshot.clientId(), snapshot.fileId(), snapshot.name(), status.state(),
                status.bytes(), status.size(), status.received(), status.missing(), iso(snapshot.startedAt()),
                iso(snapshot.lastActivityAt()), stalled);
    }

    /** EMQX's FileInfo (`emqx_ft_api.erl`): timestamp in RFC 3339 seconds with the server's offset. */
    static EmqxFile emqx(CatalogEntry entry, Clock clock) {
        FileMeta meta = shown(entry.meta());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", meta.name());
        if (meta.size() != null) {
            metadata.put("size", meta.size());
        }
        metadata.put("checksum", entry.sha256().hex().toUpperCase(Locale.ROOT));
        if (meta.expireAt() != null) {
            metadata.put("expire_at", meta.expireAt());
        }
        if (meta.segmentsTtl() != null) {
            metadata.put("segments_ttl", meta.segmentsTtl());
        }
        if (meta.userData() != null) {
            metadata.put("user_data", meta.userData());
        } else if (meta != entry.meta()) {
            metadata.put("user_data_omitted", true);
        }
        String timestamp = Instant.ofEpochMilli(entry.exportedAt()).atZone(clock.getZone()).format(RFC3339_SECONDS);
        return new EmqxFile(entry.clientId(), entry.fileId(), entry.name(), entry.size(), timestamp,
                contentPath(entry.clientId(), entry.fileId()), metadata);
    }

    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
