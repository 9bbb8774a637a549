package io.ferry.api;

import static java.util.Objects.requireNonNull;

import io.ferry.records.CatalogEntry;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * In-memory materialization of {@code ferry.files} and {@code ferry.transfers}: metadata only, so memory grows with
 * the number of files, never with their bytes. Written by one {@link KafkaCatalog} thread, read by HTTP threads.
 */
final class CatalogIndex {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<TransferId, CatalogEntry> files = new HashMap<>();
    private final NavigableMap<FileKey, CatalogEntry> newestFirst = new TreeMap<>();
    private final Map<String, NavigableMap<FileKey, CatalogEntry>> byClient = new HashMap<>();
    private final Map<TransferId, TransferSnapshot> transfers = new ConcurrentHashMap<>();
    private volatile boolean ready;

    boolean isReady() {
        return ready;
    }

    void markReady() {
        ready = true;
    }

    void putFile(CatalogEntry entry) {
        requireNonNull(entry, "entry");
        lock.writeLock().lock();
        try {
            removeLocked(entry.transferId());
            FileKey key = FileKey.of(entry);
            files.put(entry.transferId(), entry);
            newestFirst.put(key, entry);
            byClient.computeIfAbsent(entry.clientId(), c -> new TreeMap<>()).put(key, entry);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Returns whether the file was known. */
    boolean removeFile(TransferId id) {
        lock.writeLock().lock();
        try {
            return removeLocked(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private boolean removeLocked(TransferId id) {
        CatalogEntry old = files.remove(id);
        if (old == null) {
            return false;
        }
        FileKey key = FileKey.of(old);
        newestFirst.remove(key);
        NavigableMap<FileKey, CatalogEntry> client = byClient.get(old.clientId());
        client.remove(key);
        if (client.isEmpty()) {
            byClient.remove(old.clientId());
        }
        return true;
    }

    Optional<CatalogEntry> file(TransferId id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(files.get(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    int fileCount() {
        lock.readLock().lock();
        try {
            return files.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    FilePage files(FileQuery query) {
        lock.readLock().lock();
        try {
            NavigableMap<FileKey, CatalogEntry> scope = query.clientId() == null
                    ? newestFirst : byClient.getOrDefault(query.clientId(), new TreeMap<>());
            FileKey start = start(query);
            NavigableMap<FileKey, CatalogEntry> tail = start == null ? scope : scope.tailMap(start, false);
            String needle = query.nameContains() == null ? null : query.nameContains().toLowerCase(Locale.ROOT);
            long since = query.since() == null ? Long.MIN_VALUE : query.since().toEpochMilli();
            List<CatalogEntry> page = new ArrayList<>(Math.min(query.limit(), 1024));
            for (CatalogEntry entry : tail.values()) {
                if (entry.exportedAt() < since) {
                    break;
                }
                if (needle != null && !entry.name().toLowerCase(Locale.ROOT).contains(needle)) {
                    continue;
                }
                if (page.size() == query.limit()) {
                    return new FilePage(page, FileKey.of(page.get(page.size() - 1)));
                }
                page.add(entry);
            }
            return new FilePage(page, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The exclusive start key: whichever of the cursor and the {@code until} bound comes later in the order. */
    private static FileKey start(FileQuery query) {
        // Keys sort newest first and by id descending; "" is below every encoded id, so (until, "") is the last
        // key at time `until` and everything after it was exported strictly before `until`.
        FileKey untilKey = query.until() == null ? null : new FileKey(query.until().toEpochMilli(), "");
        if (untilKey == null) {
            return query.after();
        }
        if (query.after() == null) {
            return untilKey;
        }
        return query.after().compareTo(untilKey) > 0 ? query.after() : untilKey;
    }

    void putTransfer(TransferSnapshot snapshot) {
        transfers.put(new TransferId(snapshot.clientId(), snapshot.fileId()), snapshot);
    }

    void removeTransfer(TransferId id) {
        transfers.remove(id);
    }

    Optional<TransferSnapshot> transfer(TransferId id) {
        return Optional.ofNullable(transfers.get(id));
    }

    /** Transfers in flight, most recently active first. */
    List<TransferSnapshot> transfers() {
        List<TransferSnapshot> all = new ArrayList<>(transfers.values());
        all.sort(Comparator.comparingLong(TransferSnapshot::lastActivityAt).reversed()
                .thenComparing(TransferSnapshot::clientId).thenComparing(TransferSnapshot::fileId));
        return all;
    }
}
