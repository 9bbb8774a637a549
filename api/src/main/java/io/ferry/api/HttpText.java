package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** Header and URL text: path segments, Content-Type and Content-Disposition (RFC 6266 / RFC 5987). */
final class HttpText {
    static final String OCTET_STREAM = "application/octet-stream";
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private static final String ATTR_CHAR = UNRESERVED + "!#$&+^`|";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("json", "application/json"), Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"),
            Map.entry("csv", "text/csv"), Map.entry("xml", "application/xml"), Map.entry("html", "text/html"),
            Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("tgz", "application/gzip"),
            Map.entry("tar", "application/x-tar"), Map.entry("7z", "application/x-7z-compressed"),
            Map.entry("bin", OCTET_STREAM), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("svg", "image/svg+xml"), Map.entry("mp4", "video/mp4"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"), Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"));

    private HttpText() {
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, so '/' in an id becomes %2F. */
    static String pathSegment(String value) {
        return percentEncode(value, UNRESERVED);
    }

    static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot >= 0 && dot < fileName.length() - 1) {
            String type = TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (type != null) {
                return type;
            }
        }
        String guess = URLConnection.getFileNameMap().getContentTypeFor(fileName);
        return guess == null ? OCTET_STREAM : guess;
    }

    /**
     * {@code attachment; filename="<ASCII fallback>"; filename*=UTF-8''<pct-encoded>}: old clients take the
     * fallback, in which anything outside printable ASCII, quotes and backslashes become '_'.
     */
    static String contentDisposition(String fileName) {
        StringBuilder fallback = new StringBuilder(fileName.length());
        fileName.codePoints().forEach(cp -> fallback.append(
                cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\' ? (char) cp : '_'));
        return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + percentEncode(fileName, ATTR_CHAR);
    }

    private static String percentEncode(String value, String keep) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && keep.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
