package io.ferry.client.cli;

import io.ferry.client.FerryUploader;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.Json;
import io.ferry.protocol.TransferStatus;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Ask the server what it holds of an upload (Ferry's status extension).")
final class StatusCommand extends TransferCommand {
    @Option(names = "--json", description = "print the server's transfer object as JSON")
    boolean json;

    StatusCommand() {
        super("status");
    }

    @Override
    void run(FerryUploader uploader, String fileId, PrintWriter out) {
        TransferStatus status = uploader.status(fileId).join();
        if (json) {
            out.println(new String(Json.write(status), StandardCharsets.UTF_8));
        } else {
            print(out, fileId, status);
        }
    }

    static void print(PrintWriter out, String fileId, TransferStatus status) {
        out.println("fileId    " + fileId);
        out.println("state     " + status.state().wireName());
        out.println("size      " + (status.size() == null ? "unknown" : status.size()));
        String share = status.size() == null || status.size() == 0 ? ""
                : String.format(java.util.Locale.ROOT, " (%.1f%%)", 100.0 * status.bytes() / status.size());
        out.println("received  " + ProgressFormat.bytes(status.bytes()) + share + "  " + ranges(status.received()));
        if (status.missing() != null) {
            out.println("missing   " + ranges(status.missing()));
        }
    }

    static String ranges(List<ByteRange> ranges) {
        return ranges.stream().map(r -> "[" + r.start() + "," + r.end() + ")").collect(Collectors.joining(" "));
    }
}
