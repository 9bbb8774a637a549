package io.ferry.client.internal;

import io.ferry.client.UploadResult;
import java.util.concurrent.CompletableFuture;

/** The future {@code upload} returns: cancelling it aborts the transfer on the server. */
final class UploadFuture extends CompletableFuture<UploadResult> {
    private volatile Runnable onCancel;

    void onCancel(Runnable action) {
        this.onCancel = action;
        if (isCancelled()) {
            action.run();
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Runnable action = onCancel;
        if (cancelled && action != null) {
            action.run();
        }
        return cancelled;
    }
}
