package io.ferry.bench;

import io.ferry.records.Location;
import io.ferry.storage.S3Store;
import io.ferry.storage.S3Uris;
import io.ferry.storage.StorageLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Where Ferry puts an upload ({@code esc(clientId)/esc(fileId)/name} under the sink's root), and checks of it. */
final class Landing {
    private Landing() {
    }

    static String key(String clientId, String fileId, String name) {
        return StorageLayout.relativeKey(clientId, fileId, name);
    }

    static Path local(Path root, String clientId, String fileId, String name) {
        return root.resolve(key(clientId, fileId, name));
    }

    /** Whether the upload landed byte-exact in the stack's sink (local root first, else S3). */
    static boolean exact(FerryStack stack, TrackedUpload upload) {
        String key = key(upload.clientId(), upload.fileId(), upload.file().name());
        if (stack.localRoot() != null) {
            return upload.file().sameBytes(stack.localRoot().resolve(key));
        }
        try (S3Client s3 = stack.s3().client()) {
            return s3Exact(s3, stack.s3().bucket(), key, upload.file());
        }
    }

    static boolean s3Visible(S3Client s3, String bucket, String key) {
        return new S3Store(s3, bucket, "").size(new Location("s3", S3Uris.of(bucket, key))).isPresent();
    }

    static boolean s3Exact(S3Client s3, String bucket, String key, DataFile expected) {
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            return DataFile.sha256Of(in).equals(expected.sha256());
        } catch (NoSuchKeyException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
