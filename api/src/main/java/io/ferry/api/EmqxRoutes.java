package io.ferry.api;

import io.ferry.records.TransferId;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/**
 * EMQX-compatible {@code /api/v5/file_transfer/files} (EMQX's {@code emqx_ft_api.erl}; routes in api/README.md): same
 * shapes and error codes, served from the catalog; {@code uri} is our /api/v1 content URL.
 */
record EmqxRoutes(CatalogIndex catalog, ApiMetrics metrics, Clock clock) {
    static final PageLimit LIMIT = new PageLimit(100, 10_000);

    void list(Context ctx) {
        int limit = LIMIT.read(ctx);
        FileKey following = Params.cursor(ctx, "following");
        FilePage page = catalog.files(new FileQuery(null, null, null, null, limit, following));
        metrics.listed(page.files().size());
        ctx.json(new Views.EmqxList(page.files().stream().map(e -> Views.emqx(e, clock)).toList(),
                page.next() == null ? null : page.next().toCursor()));
    }

    void get(Context ctx) {
        TransferId id = Params.transferId(ctx, "clientid", "fileid");
        var entry = catalog.file(id).orElseThrow(() -> new ApiException(404, "FILES_NOT_FOUND",
                "Files requested for this transfer could not be found"));
        ctx.json(new Views.EmqxList(List.of(Views.emqx(entry, clock)), null));
    }
}
