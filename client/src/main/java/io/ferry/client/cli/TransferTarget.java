package io.ferry.client.cli;

import io.ferry.client.FileIds;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which transfer status and abort act on: a fileId, or a file whose default fileId is computed from it. */
final class TransferTarget {
    @Option(names = "--file-id", paramLabel = "ID", required = true, description = "the fileId")
    String fileId;

    @Parameters(paramLabel = "FILE", arity = "1", description = "a file uploaded with the default fileId")
    Path file;

    String fileId() throws IOException {
        return fileId != null ? fileId : FileIds.forFile(file);
    }
}
