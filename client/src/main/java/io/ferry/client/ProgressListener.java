package io.ferry.client;

/**
 * Receives progress of one upload. Called on the uploader's event thread: return quickly and never block
 * (hand the snapshot to another thread when rendering is slow).
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> {
    };

    void onProgress(UploadProgress progress);
}
