package io.ferry.api;

import static java.util.Objects.requireNonNull;

import io.ferry.records.CatalogEntry;
import io.ferry.records.Location;
import io.ferry.records.TransferId;
import io.ferry.storage.FileStores;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** /api/v1/files: list, metadata, delete, signed download links. */
final class FileRoutes {
    static final PageLimit LIMIT = new PageLimit(100, 1000);
    private static final Logger LOG = LoggerFactory.getLogger(FileRoutes.class);
    private final CatalogIndex catalog;
    private final FileStores stores;
    private final CatalogWriter writer;
    private final SignedLinks links;
    private final ApiMetrics metrics;

    FileRoutes(CatalogIndex catalog, FileStores stores, CatalogWriter writer, SignedLinks links,
               ApiMetrics metrics) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.stores = requireNonNull(stores, "stores");
        this.writer = requireNonNull(writer, "writer");
        this.links = requireNonNull(links, "links");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    void list(Context ctx) {
        FileQuery query = new FileQuery(Params.text(ctx, "clientId"), Params.text(ctx, "name"),
                Params.instant(ctx, "since"), Params.instant(ctx, "until"),
                LIMIT.read(ctx), Params.cursor(ctx, "cursor"));
        FilePage page = catalog.files(query);
        metrics.listed(page.files().size());
        ctx.json(new Views.FileList(page.files().stream().map(Views::file).toList(),
                page.next() == null ? null : page.next().toCursor()));
    }

    void get(Context ctx) {
        ctx.json(Views.file(entry(Params.transferId(ctx))));
    }

    /**
     * Deletes the bytes first and the catalog entry second: if deleting fails nothing changes and the client can
     * retry; the reverse order could leave bytes that no catalog entry points to any more.
     */
    void delete(Context ctx) throws IOException {
        TransferId id = Params.transferId(ctx);
        CatalogEntry entry = entry(id);
        List<Location> unreachable = stores.unreachable(entry.locations());
        if (!unreachable.isEmpty()) {
            throw ApiException.unavailable("STORE_UNAVAILABLE",
                    "cannot delete from " + unreachable.get(0).uri() + ": that store is not configured here");
        }
        stores.deleteAll(entry.locations());
        writer.tombstone(id);
        catalog.removeFile(id);
        metrics.deleted();
        LOG.info("deleted {} name={}", id, entry.name());
        ctx.status(204);
    }

    void link(Context ctx) {
        TransferId id = Params.transferId(ctx);
        entry(id);
        SignedLinks.Link link = links.sign(id);
        ctx.json(Map.of("url", Views.contentPath(id.clientId(), id.fileId()) + "?" + link.query(),
                "expiresAt", link.expiresAt().toString()));
    }

    private CatalogEntry entry(TransferId id) {
        return catalog.file(id).orElseThrow(() -> ApiException.notFound("no such file"));
    }
}
