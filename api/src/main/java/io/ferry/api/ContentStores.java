package io.ferry.api;

import static java.util.Objects.requireNonNull;

import io.ferry.records.CatalogEntry;
import io.ferry.records.Location;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stores the API can reach, chosen per location by URI scheme. */
final class ContentStores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContentStores.class);
    private final List<ContentStore> stores;

    ContentStores(List<ContentStore> stores) {
        this.stores = List.copyOf(stores);
    }

    static ContentStores fromConfig(ApiConfig config) {
        List<ContentStore> stores = new ArrayList<>();
        stores.add(new LocalContentStore(config.localRoot()));
        if (config.s3() != null) {
            stores.add(S3ContentStore.create(config.s3()));
        }
        return new ContentStores(stores);
    }

    /** Where a file's bytes can be read now. */
    record StoredContent(URI location, ContentStore store, long size) {
        StoredContent {
            requireNonNull(location, "location");
            requireNonNull(store, "store");
        }
    }

    /** The first of the entry's locations that a configured store holds. */
    Optional<StoredContent> locate(CatalogEntry entry) throws IOException {
        for (Location location : entry.locations()) {
            URI uri = uri(location);
            Optional<ContentStore> store = uri == null ? Optional.empty() : storeFor(uri);
            if (store.isPresent()) {
                OptionalLong size = store.get().size(uri);
                if (size.isPresent()) {
                    return Optional.of(new StoredContent(uri, store.get(), size.getAsLong()));
                }
            }
        }
        return Optional.empty();
    }

    /** Locations of the entry that no configured store can reach (for example S3 without S3 settings). */
    List<Location> unreachable(CatalogEntry entry) {
        return entry.locations().stream().filter(l -> {
            URI uri = uri(l);
            return uri == null || storeFor(uri).isEmpty();
        }).toList();
    }

    void delete(CatalogEntry entry) throws IOException {
        for (Location location : entry.locations()) {
            URI uri = uri(location);
            if (uri != null) {
                Optional<ContentStore> store = storeFor(uri);
                if (store.isPresent()) {
                    store.get().delete(uri);
                }
            }
        }
    }

    private Optional<ContentStore> storeFor(URI uri) {
        return stores.stream().filter(s -> s.handles(uri)).findFirst();
    }

    private static URI uri(Location location) {
        try {
            return new URI(location.uri());
        } catch (java.net.URISyntaxException e) {
            LOG.warn("catalog location is not a URI: sink={} uri={}", location.sink(), location.uri());
            return null;
        }
    }

    @Override
    public void close() {
        stores.forEach(ContentStore::close);
    }
}
