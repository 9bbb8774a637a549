package io.ferry.assembler;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.TransferState;
import java.util.List;

/**
 * {@link Transfer} as RocksDB and the changelog hold it ({@link TransferStore#TRANSFER_FORMAT}): one flat JSON
 * object whose fields are these components, in this order. Running deployments hold records of this shape, so it
 * changes only with a new format version and an upgrade step (TransferFormatTest, TransferSampleTest); Transfer's
 * grouping can change freely. The meaning of each field is documented on Transfer's groups.
 */
record TransferJson(long generation, TransferState state, FileMeta meta, int partition, List<ByteRange> received,
                    long storedBytes, int segmentCount, FinRequest fin, List<ReplyTo> waiters, Long graceUntil,
                    List<OpenPublish> openPublishes, Sha256 sha256, long startedAt, long lastActivityAt,
                    long lastSnapshotAt, Long expiryTimer, Long snapshotTimer, List<ReplyTo> aborts, Long deletedAt,
                    Long oldestSegmentAt) {

    static TransferJson of(Transfer t) {
        Transfer.Upload upload = t.upload();
        Transfer.Progress progress = t.progress();
        Transfer.Finish finish = t.finish();
        Transfer.Timing timing = t.timing();
        Transfer.Export export = t.export();
        return new TransferJson(upload.generation(), t.state(), t.meta(), upload.partition(), progress.received(),
                progress.storedBytes(), progress.segmentCount(), finish.fin(), finish.waiters(), finish.graceUntil(),
                progress.openPublishes(), export.sha256(), upload.startedAt(), timing.lastActivityAt(),
                timing.lastSnapshotAt(), timing.expiryTimer(), timing.snapshotTimer(), export.aborts(),
                export.deletedAt(), progress.oldestSegmentAt());
    }

    /** Validated by Transfer's groups; fields added after format 0 ({@code aborts}…) read back as "none". */
    Transfer transfer() {
        return new Transfer(generation, state, meta, partition, received, storedBytes, segmentCount, fin, waiters,
                graceUntil, openPublishes, sha256, startedAt, lastActivityAt, lastSnapshotAt, expiryTimer,
                snapshotTimer, aborts, deletedAt, oldestSegmentAt);
    }
}
