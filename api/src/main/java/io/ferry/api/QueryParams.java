package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the raw query string of every API request before its handler runs: each name and value must be valid
 * percent-encoded UTF-8, a parameter may appear once, and on /api/v1 only the parameters the route reads are allowed.
 * Without this, Jetty/Javalin silently drop what they cannot decode (so {@code ?cursor=garbage%%} listed the first
 * page), and a misspelt parameter ({@code ?limt=5}) was ignored. The values themselves are parsed by {@link Params}.
 */
final class QueryParams {
    /** Parameters per route template; routes not listed take none on /api/v1. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            ApiApp.V1 + "/files", Set.of("clientId", "name", "since", "until", "limit", "cursor"),
            ApiApp.V1 + "/transfers", Set.of("clientId", "limit"),
            ApiApp.V1 + "/events", Set.of("type"),
            ApiApp.V1 + "/files/{clientId}/{fileId}/content", Set.of(SignedLinks.EXPIRES, SignedLinks.SIGNATURE),
            ApiApp.V5 + "/files", Set.of("limit", "following"));

    private QueryParams() {
    }

    static void check(Context ctx) {
        String query = ctx.queryString();
        if (query == null || query.isEmpty() || !ctx.path().startsWith("/api/")) {
            return;
        }
        boolean strictNames = ctx.path().startsWith(ApiApp.V1 + "/");
        Set<String> allowed = ALLOWED.getOrDefault(ctx.endpointHandlerPath(), Set.of());
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), null);
            if (equals >= 0) {
                decode(pair.substring(equals + 1), name);
            }
            if (strictNames && !allowed.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + name + "'"
                        + (allowed.isEmpty() ? ": this endpoint takes none" : " (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
            if (!seen.add(name)) {
                throw ApiException.badRequest("query parameter '" + name + "' is given more than once");
            }
        }
    }

    /** Strict application/x-www-form-urlencoded decoding; {@code name} is null while decoding a name. */
    private static String decode(String raw, String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (low < 0) {
                    throw malformed(name, "'%' must be followed by two hex digits");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(UTF_8));
            }
        }
        try {
            return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw malformed(name, "it is not UTF-8");
        }
    }

    private static ApiException malformed(String name, String why) {
        return ApiException.badRequest((name == null ? "a query parameter name" : "query parameter '" + name + "'")
                + " is not valid percent-encoding: " + why);
    }
}
