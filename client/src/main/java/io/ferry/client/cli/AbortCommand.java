package io.ferry.client.cli;

import io.ferry.client.FerryUploader;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(name = "abort", mixinStandardHelpOptions = true,
        description = "Abandon an upload: the server drops what it received for this client and fileId.")
final class AbortCommand extends TransferCommand {
    AbortCommand() {
        super("abort");
    }

    @Override
    void run(FerryUploader uploader, String fileId, PrintWriter out) {
        uploader.abort(fileId).join();
        out.println("aborted " + fileId);
    }
}
