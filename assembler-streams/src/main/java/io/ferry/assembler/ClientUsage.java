package io.ferry.assembler;

/**
 * What one client holds in this task: live transfers and the segment bytes they index (quota accounting), and the
 * files it completed (manifests emitted) in the fixed window {@code filesWindow} (window start / window length).
 */
record ClientUsage(int transfers, long bytes, long filesWindow, int files) {
    static final ClientUsage NONE = new ClientUsage(0, 0, 0, 0);

    ClientUsage {
        if (transfers < 0 || bytes < 0 || files < 0) {
            throw new IllegalArgumentException("negative usage transfers=" + transfers + " bytes=" + bytes
                    + " files=" + files);
        }
    }

    ClientUsage plus(int moreTransfers, long moreBytes) {
        return new ClientUsage(Math.max(0, transfers + moreTransfers), Math.max(0, bytes + moreBytes), filesWindow,
                files);
    }

    /** One more completed file in {@code window}; an older window's count is dropped. */
    ClientUsage withFile(long window) {
        return new ClientUsage(transfers, bytes, window, filesWindow == window ? files + 1 : 1);
    }

    int filesIn(long window) {
        return filesWindow == window ? files : 0;
    }

    /** Nothing held and no file counted: the counter can go (a past window's files still count until replaced). */
    boolean isEmpty() {
        return transfers == 0 && bytes == 0 && files == 0;
    }
}
