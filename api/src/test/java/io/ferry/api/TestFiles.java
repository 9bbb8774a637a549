package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.records.CatalogEntry;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.FileNames;
import io.ferry.protocol.Json;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Catalog entries, optionally with their bytes written in the local sink layout. */
final class TestFiles {
    private TestFiles() {
    }

    static CatalogEntry entry(String clientId, String fileId, String name, long exportedAt) {
        byte[] bytes = (clientId + "/" + fileId).getBytes(UTF_8);
        return new CatalogEntry(clientId, fileId, name, bytes.length, Sha256.digest(bytes), FileMeta.named(name),
                exportedAt, List.of(new Location("local", "file:///nowhere/" + FileNames.escape(fileId))));
    }

    /** Writes {@code {root}/{esc(clientId)}/{esc(fileId)}/{name}} and its manifest, returns the entry. */
    static CatalogEntry stored(Path root, String clientId, String fileId, String name, byte[] bytes,
                               long exportedAt, String userDataJson) {
        try {
            Path dir = root.resolve(FileNames.escape(clientId)).resolve(FileNames.escape(fileId));
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.write(file, bytes);
            Sha256 sha = Sha256.digest(bytes);
            JsonNode userData = userDataJson == null ? null : Json.MAPPER.readTree(userDataJson);
            FileMeta meta = new FileMeta(name, (long) bytes.length, sha, null, 3600L, userData);
            Files.write(dir.resolve(name + ".MANIFEST.json"), meta.toJson());
            return new CatalogEntry(clientId, fileId, name, bytes.length, sha, meta, exportedAt,
                    List.of(new Location("local", file.toUri().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 8));
        }
        return bytes;
    }
}
