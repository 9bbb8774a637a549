package io.ferry.storage;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code s3://<bucket>/<key>} with the key percent-encoded as a URI path ('%' always becomes %25, non-ASCII
 * becomes UTF-8 %XX), so {@code URI.create(uri).getPath().substring(1)} is the exact key again.
 */
public final class S3Uris {
    private S3Uris() {
    }

    public static String of(String bucket, String key) {
        try {
            return new URI("s3", bucket, "/" + key, null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot form an s3 URI for bucket " + bucket, e);
        }
    }

    public static String bucket(String uri) {
        return parse(uri).getAuthority();
    }

    public static String key(String uri) {
        return parse(uri).getPath().substring(1);
    }

    private static URI parse(String uri) {
        URI parsed = URI.create(uri);
        if (!"s3".equals(parsed.getScheme()) || parsed.getPath() == null || parsed.getPath().length() < 2) {
            throw new IllegalArgumentException("not an s3://bucket/key URI: " + uri);
        }
        return parsed;
    }
}
