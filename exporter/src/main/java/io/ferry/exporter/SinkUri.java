package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sink named by a URI, the form operators type ({@code FERRY_SINKS}, {@code ./ferry replay --to}):
 * {@code file:///dir} (or {@code file:relative/dir}) for a local directory, {@code s3://bucket/prefix} for S3.
 * {@link #exporterSettings(List)} turns them into the exporter's own keys, so there is one sink configuration.
 */
public record SinkUri(String type, Path localRoot, String bucket, String prefix) {
    public SinkUri {
        requireNonNull(type, "type");
        if (type.equals(ExporterConfig.LOCAL)) {
            requireNonNull(localRoot, "localRoot");
        } else if (type.equals(ExporterConfig.S3)) {
            requireNonNull(bucket, "bucket");
            requireNonNull(prefix, "prefix");
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException("bucket must not be empty");
            }
        } else {
            throw new IllegalArgumentException("unknown sink type '" + type + "'");
        }
    }

    /** Parses one URI; the message of the exception says what is wrong and what is expected. */
    public static SinkUri parse(String text) {
        String value = requireNonNull(text, "text").trim();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a URI (" + e.getReason()
                    + "); expected file:///dir or s3://bucket/prefix");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (scheme.equals("file")) {
            return file(value, uri);
        }
        if (scheme.equals("s3")) {
            return s3(value, uri);
        }
        throw new IllegalArgumentException("'" + value + "' is neither file:///dir nor s3://bucket/prefix");
    }

    private static SinkUri file(String value, URI uri) {
        String host = uri.getAuthority();
        if (host != null && !host.isEmpty() && !host.equals("localhost")) {
            throw new IllegalArgumentException("'" + value + "' names host '" + host
                    + "'; a local directory is file:///absolute/dir or file:relative/dir");
        }
        String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' names no directory");
        }
        return new SinkUri(ExporterConfig.LOCAL, Path.of(path).toAbsolutePath().normalize(), null, null);
    }

    private static SinkUri s3(String value, URI uri) {
        String bucket = uri.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' names no bucket; expected s3://bucket/prefix");
        }
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        // The sink prepends the prefix to the key as is: a prefix names a folder, so it ends with '/'.
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new SinkUri(ExporterConfig.S3, null, bucket, prefix);
    }

    /** A comma list; at most one local and one S3 sink (the catalog names a file's copies by sink type). */
    public static List<SinkUri> parseList(String commaList) {
        List<SinkUri> sinks = new ArrayList<>();
        for (String part : requireNonNull(commaList, "commaList").split(",")) {
            if (part.isBlank()) {
                continue;
            }
            SinkUri sink = parse(part);
            if (sinks.stream().anyMatch(s -> s.type().equals(sink.type()))) {
                throw new IllegalArgumentException("more than one " + (sink.type().equals(ExporterConfig.S3)
                        ? "s3://" : "file://") + " sink in '" + commaList.trim()
                        + "': at most one directory and one S3 location");
            }
            sinks.add(sink);
        }
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("no sink in '" + commaList + "'");
        }
        return List.copyOf(sinks);
    }

    /** The exporter keys: {@code ferry.exporter.sinks}, {@code .local.root}, {@code .s3.bucket}, {@code .s3.prefix}. */
    public static Map<String, String> exporterSettings(List<SinkUri> sinks) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ferry.exporter.sinks", String.join(",", sinks.stream().map(SinkUri::type).toList()));
        for (SinkUri sink : sinks) {
            if (sink.type().equals(ExporterConfig.LOCAL)) {
                settings.put("ferry.exporter.local.root", sink.localRoot().toString());
            } else {
                settings.put("ferry.exporter.s3.bucket", sink.bucket());
                settings.put("ferry.exporter.s3.prefix", sink.prefix());
            }
        }
        return settings;
    }

    @Override
    public String toString() {
        return type.equals(ExporterConfig.LOCAL) ? localRoot.toUri().toString() : "s3://" + bucket + "/" + prefix;
    }
}
