package io.ferry.api;

import io.ferry.api.ByteRanges.Kind;
import io.ferry.api.ByteRanges.Span;
import io.ferry.protocol.ByteRange;
import io.ferry.records.CatalogEntry;
import io.ferry.records.TransferId;
import io.ferry.storage.FileStores;
import io.ferry.storage.FileStores.Stored;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET and HEAD /api/v1/files/{clientId}/{fileId}/content: streams the bytes from the sink through a fixed buffer
 * (never the whole file in memory), with single-range support, a strong ETag (the SHA-256) and a download name.
 */
record ContentRoutes(CatalogIndex catalog, FileStores stores, ApiMetrics metrics) {
    static final int BUFFER_SIZE = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ContentRoutes.class);

    void get(Context ctx) throws IOException {
        serve(ctx, false);
    }

    void head(Context ctx) throws IOException {
        serve(ctx, true);
    }

    private void serve(Context ctx, boolean headOnly) throws IOException {
        TransferId id = Params.transferId(ctx);
        CatalogEntry entry = catalog.file(id).orElseThrow(() -> ApiException.notFound("no such file"));
        Stored content = stores.locate(entry.locations()).orElseThrow(() -> new ApiException(404, "CONTENT_NOT_FOUND",
                "the file is in the catalog but its bytes are at no reachable location"));
        String etag = "\"" + entry.sha256().hex() + "\"";
        HttpServletResponse res = ctx.res();
        res.setHeader("ETag", etag);
        res.setHeader("Accept-Ranges", "bytes");
        res.setHeader("Cache-Control", "private, no-cache");
        if (etag.equals(ctx.header("If-None-Match")) || "*".equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        String ifRange = ctx.header("If-Range");
        String range = ifRange == null || ifRange.equals(etag) ? ctx.header("Range") : null;
        Span span = ByteRanges.select(range, content.size());
        if (span.kind() == Kind.UNSATISFIABLE) {
            res.setHeader("Content-Range", "bytes */" + content.size());
            throw ApiException.rangeNotSatisfiable("range not satisfiable for a file of " + content.size()
                    + " bytes");
        }
        if (span.kind() == Kind.PARTIAL) {
            ctx.status(206);
            res.setHeader("Content-Range", "bytes " + span.first() + "-" + span.last() + "/" + content.size());
        } else {
            ctx.status(200);
        }
        res.setContentType(HttpText.contentType(entry.name()));
        res.setHeader("Content-Disposition", HttpText.contentDisposition(entry.name()));
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setContentLengthLong(span.length());
        metrics.download();
        if (!headOnly && span.length() > 0) {
            stream(id, content, span, res);
        }
    }

    private void stream(TransferId id, Stored content, Span span, HttpServletResponse res)
            throws IOException {
        long copied = 0;
        try (InputStream in = content.store().open(content.location(),
                new ByteRange(span.first(), span.first() + span.length()))) {
            OutputStream out = res.getOutputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            while (copied < span.length()) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, span.length() - copied));
                if (read < 0) {
                    throw new UncheckedIOException(new IOException("stored file shorter than expected: " + id));
                }
                try {
                    out.write(buffer, 0, read);
                } catch (IOException e) {
                    LOG.debug("client went away during download {}: {}", id, e.toString());
                    return;
                }
                copied += read;
            }
            try {
                out.flush();
            } catch (IOException e) {
                LOG.debug("client went away at the end of download {}: {}", id, e.toString());
            }
        } finally {
            metrics.served(copied);
        }
    }
}
