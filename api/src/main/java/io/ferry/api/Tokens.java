package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.protocol.Sha256;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * Bearer-token check. Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, and every token is
 * compared on every request, so neither the length nor the position of a match leaks through timing.
 */
final class Tokens {
    private final byte[] admin;
    private final List<byte[]> readers;

    Tokens(String adminToken, List<String> readTokens) {
        this.admin = digest(adminToken);
        this.readers = readTokens.stream().map(Tokens::digest).toList();
    }

    /**
     * The role the {@code Authorization} header grants, or null. Accepts {@code Bearer <token>}, and for EMQX
     * tooling {@code Basic} credentials whose password is a token (the user name is ignored).
     */
    Role roleOf(String authorization) {
        String token = token(authorization);
        if (token == null) {
            return null;
        }
        byte[] presented = digest(token);
        boolean isAdmin = MessageDigest.isEqual(admin, presented);
        boolean isReader = false;
        for (byte[] reader : readers) {
            isReader |= MessageDigest.isEqual(reader, presented);
        }
        return isAdmin ? Role.ADMIN : isReader ? Role.READ : null;
    }

    private static String token(String authorization) {
        if (authorization == null) {
            return null;
        }
        String header = authorization.trim();
        int space = header.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return value.isEmpty() ? null : value;
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String pair = new String(Base64.getDecoder().decode(value), UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 || colon == pair.length() - 1 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] digest(String token) {
        return Sha256.newDigest().digest(token.getBytes(UTF_8));
    }
}
