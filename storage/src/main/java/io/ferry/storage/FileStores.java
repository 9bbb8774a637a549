package io.ferry.storage;

import static java.util.Objects.requireNonNull;

import io.ferry.records.Location;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stores one process can reach, chosen per location by URI scheme; closing closes them. */
public final class FileStores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileStores.class);
    private final List<FileStore> stores;
    private final List<AutoCloseable> resources;

    /** {@code resources} (for example the S3 client the stores use) are closed after the stores. */
    public FileStores(List<FileStore> stores, List<AutoCloseable> resources) {
        this.stores = List.copyOf(stores);
        this.resources = List.copyOf(resources);
    }

    public FileStores(List<FileStore> stores) {
        this(stores, List.of());
    }

    /** Where a file's bytes can be read now. */
    public record Stored(Location location, FileStore store, long size) {
        public Stored {
            requireNonNull(location, "location");
            requireNonNull(store, "store");
        }
    }

    public Optional<FileStore> storeFor(Location location) {
        return stores.stream().filter(s -> s.handles(location)).findFirst();
    }

    /**
     * The first of the locations that a configured store holds; a location a store refuses (outside its root or
     * bucket) counts as not stored.
     */
    public Optional<Stored> locate(List<Location> locations) {
        for (Location location : locations) {
            Optional<FileStore> store = storeFor(location);
            if (store.isPresent()) {
                OptionalLong size = sizeOrEmpty(store.get(), location);
                if (size.isPresent()) {
                    return Optional.of(new Stored(location, store.get(), size.getAsLong()));
                }
            }
        }
        return Optional.empty();
    }

    /** Locations no configured store can reach (for example S3 without S3 settings). */
    public List<Location> unreachable(List<Location> locations) {
        return locations.stream().filter(l -> storeFor(l).isEmpty()).toList();
    }

    /** Deletes the file at every reachable location; refused locations are logged and left alone. */
    public void deleteAll(List<Location> locations) {
        for (Location location : locations) {
            Optional<FileStore> store = storeFor(location);
            if (store.isPresent()) {
                try {
                    store.get().delete(location);
                } catch (IllegalArgumentException e) {
                    LOG.warn("refusing to delete {}: {}", location.uri(), e.getMessage());
                }
            }
        }
    }

    private static OptionalLong sizeOrEmpty(FileStore store, Location location) {
        try {
            return store.size(location);
        } catch (IllegalArgumentException e) {
            LOG.warn("refusing to read {}: {}", location.uri(), e.getMessage());
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        stores.forEach(FileStore::close);
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.debug("closing {} failed: {}", resource, e.toString());
            }
        }
    }
}
