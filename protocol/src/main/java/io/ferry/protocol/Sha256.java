package io.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest. Parsed from 64 hex characters of either case; printed as lowercase hex. */
public final class Sha256 {
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] bytes;

    private Sha256(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("sha256 must be 32 bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    public static Sha256 of(byte[] digest) {
        return new Sha256(digest);
    }

    /** Throws {@link ProtocolException} {@code invalid_checksum} unless {@code hex} is exactly 64 hex characters. */
    @JsonCreator
    public static Sha256 parse(String hex) {
        if (hex == null || !isHex64(hex)) {
            throw new ProtocolException(Reason.INVALID_CHECKSUM, "checksum must be 64 hex characters");
        }
        return new Sha256(HEX.parseHex(hex.toLowerCase()));
    }

    public static boolean isHex64(String hex) {
        if (hex.length() != 64) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    public static Sha256 digest(byte[] data) {
        return new Sha256(newDigest().digest(data));
    }

    public static Sha256 digest(ByteBuffer data) {
        MessageDigest digest = newDigest();
        digest.update(data.duplicate());
        return new Sha256(digest.digest());
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @JsonValue
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256 other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
