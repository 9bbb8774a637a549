package io.ferry.storage;

import java.util.Optional;

/**
 * Which stores keep a {@code .MANIFEST.json} object beside a stored file, and where. The local store does: the
 * exporter writes {@code <name>.MANIFEST.json} next to {@code <name>} as the commit marker, because a rename of the
 * data file alone cannot say the file was verified. S3 does not: an object appears atomically at
 * CompleteMultipartUpload/PutObject, and its metadata carries the SHA-256. Writing, reading and deleting all ask
 * this rule, so nothing deletes an object no sink ever writes.
 */
public final class ManifestRule {
    public static final String SUFFIX = ".MANIFEST.json";

    private ManifestRule() {
    }

    /** The kinds of store: their URI scheme and whether their files have a manifest object. */
    public enum Kind {
        LOCAL("file", true),
        S3("s3", false);

        private final String scheme;
        private final boolean manifest;

        Kind(String scheme, boolean manifest) {
            this.scheme = scheme;
            this.manifest = manifest;
        }

        public String scheme() {
            return scheme;
        }

        public boolean writesManifest() {
            return manifest;
        }
    }

    /** The name of the manifest beside the stored file {@code name}, if this kind of store writes one. */
    public static Optional<String> manifestName(Kind kind, String name) {
        return kind.writesManifest() ? Optional.of(name + SUFFIX) : Optional.empty();
    }

    /** The manifest beside a local file; the local store always has one. */
    public static String localManifestName(String name) {
        return manifestName(Kind.LOCAL, name).orElseThrow();
    }
}
