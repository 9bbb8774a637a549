package io.ferry.broker.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Password hashes in the credentials file: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}; Bouncy Castle) or
 * PBKDF2 with HMAC-SHA256 ({@code $pbkdf2-sha256$<iterations>$<salt>$<hash>}, standard Base64; the JDK's).
 */
final class PasswordHashes {
    static final int BCRYPT_COST = 10;
    private static final String PBKDF2_PREFIX = "$pbkdf2-sha256$";
    private static final int MIN_PBKDF2_ITERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.regex.Pattern BCRYPT =
            java.util.regex.Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private PasswordHashes() {
    }

    /** Throws IllegalArgumentException naming the problem when {@code hash} is in no supported format. */
    static void checkFormat(String hash) {
        if (isBcrypt(hash)) {
            // Checked by shape: verifying a probe would cost a full bcrypt round per line at every reload.
            if (!BCRYPT.matcher(hash).matches()) {
                throw new IllegalArgumentException("bcrypt hash must be $2?$<cost 04-31>$ and 53 characters");
            }
            return;
        }
        pbkdf2Parts(hash);
    }

    static boolean verify(String hash, String password) {
        if (isBcrypt(hash)) {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        }
        Pbkdf2 parts = pbkdf2Parts(hash);
        byte[] actual = pbkdf2(password, parts.salt, parts.iterations, parts.hash.length * 8);
        return MessageDigest.isEqual(actual, parts.hash);
    }

    /** A new bcrypt hash, as {@code ./ferry device add} writes it. */
    static String bcrypt(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, BCRYPT_COST);
    }

    static String pbkdf2(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return PBKDF2_PREFIX + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, iterations, 256));
    }

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }

    private record Pbkdf2(int iterations, byte[] salt, byte[] hash) {
    }

    private static Pbkdf2 pbkdf2Parts(String hash) {
        if (!hash.startsWith(PBKDF2_PREFIX)) {
            throw new IllegalArgumentException("hash is neither bcrypt ($2a$, $2b$, $2y$) nor " + PBKDF2_PREFIX);
        }
        String[] parts = hash.substring(PBKDF2_PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(PBKDF2_PREFIX + " hash must be <iterations>$<salt>$<hash>");
        }
        try {
            int iterations = Integer.parseInt(parts[0]);
            if (iterations < MIN_PBKDF2_ITERATIONS) {
                throw new IllegalArgumentException("PBKDF2 iterations must be >= " + MIN_PBKDF2_ITERATIONS);
            }
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] derived = Base64.getDecoder().decode(parts[2]);
            if (salt.length < 8 || derived.length < 16) {
                throw new IllegalArgumentException("PBKDF2 salt must be >= 8 bytes and hash >= 16 bytes");
            }
            return new Pbkdf2(iterations, salt, derived);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PBKDF2 iterations are not a number");
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bits) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        }
    }
}
