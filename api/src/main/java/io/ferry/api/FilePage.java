package io.ferry.api;

import io.ferry.records.CatalogEntry;
import java.util.List;

/** One page of files, newest first; {@code next} is null when no file follows. */
record FilePage(List<CatalogEntry> files, FileKey next) {
    FilePage {
        files = List.copyOf(files);
    }
}
