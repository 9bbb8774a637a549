package io.ferry.client.cli;

import io.ferry.client.FerryUploader;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "abort", mixinStandardHelpOptions = true,
        description = "Abandon an upload: the server drops what it received for this client and fileId.")
final class AbortCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TransferTarget target;

    @Override
    public Integer call() throws Exception {
        String fileId = target.fileId();
        try (FerryUploader uploader = connection.builder().build()) {
            uploader.abort(fileId).join();
            spec.commandLine().getOut().println("aborted " + fileId);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (CompletionException e) {
            return CommandFailure.report(spec, "abort", e);
        }
    }
}
