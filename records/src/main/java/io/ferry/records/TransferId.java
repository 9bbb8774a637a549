package io.ferry.records;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.protocol.Checks;

/**
 * A transfer: (clientId, fileId). {@link #encode()} is the Kafka key: {@code <len(clientId)>:<clientId><fileId>},
 * unambiguous for any characters, since a clientId may contain '/' and a fileId ':'.
 */
public record TransferId(String clientId, String fileId) {
    public TransferId {
        Checks.clientId(clientId);
        Checks.fileId(fileId);
    }

    public String encode() {
        return clientId.length() + ":" + clientId + fileId;
    }

    public byte[] encodeBytes() {
        return encode().getBytes(UTF_8);
    }

    public static TransferId decode(String encoded) {
        int colon = encoded.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not an encoded transfer id: " + encoded);
        }
        int length;
        try {
            length = Integer.parseInt(encoded.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an encoded transfer id: " + encoded, e);
        }
        int start = colon + 1;
        if (length <= 0 || start + length >= encoded.length()) {
            throw new IllegalArgumentException("not an encoded transfer id: " + encoded);
        }
        return new TransferId(encoded.substring(start, start + length), encoded.substring(start + length));
    }

    public static TransferId decode(byte[] encoded) {
        return decode(new String(encoded, UTF_8));
    }

    @Override
    public String toString() {
        return "clientId=" + clientId + " fileId=" + fileId;
    }
}
