package io.ferry.assembler;

/** What one client holds in this task: live transfers and the segment bytes they index (quota accounting). */
record ClientUsage(int transfers, long bytes) {
    static final ClientUsage NONE = new ClientUsage(0, 0);

    ClientUsage {
        if (transfers < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative usage transfers=" + transfers + " bytes=" + bytes);
        }
    }

    ClientUsage plus(int moreTransfers, long moreBytes) {
        return new ClientUsage(Math.max(0, transfers + moreTransfers), Math.max(0, bytes + moreBytes));
    }

    boolean isEmpty() {
        return transfers == 0 && bytes == 0;
    }
}
