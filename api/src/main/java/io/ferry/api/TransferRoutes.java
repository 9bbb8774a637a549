package io.ferry.api;

import io.ferry.records.TransferId;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;

/** /api/v1/transfers: uploads in flight, from {@code ferry.transfers}. */
record TransferRoutes(CatalogIndex catalog, Clock clock, Duration stalledAfter) {
    static final PageLimit LIMIT = new PageLimit(500, 10_000);

    /** Most recently active first; optional exact {@code clientId} filter and {@code limit}. */
    void list(Context ctx) {
        String clientId = Params.text(ctx, "clientId");
        int limit = LIMIT.read(ctx);
        ctx.json(new Views.TransferList(catalog.transfers().stream()
                .filter(t -> clientId == null || t.clientId().equals(clientId))
                .limit(limit)
                .map(t -> Views.transfer(t, clock, stalledAfter))
                .toList()));
    }

    void get(Context ctx) {
        TransferId id = Params.transferId(ctx);
        ctx.json(Views.transfer(catalog.transfer(id)
                .orElseThrow(() -> ApiException.notFound("no such transfer in flight")), clock, stalledAfter));
    }
}
