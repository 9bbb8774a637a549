package io.ferry.client.cli;

import io.ferry.client.FerryUploader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command about one transfer already started ({@code abort}, {@code status}): connect, ask the server once, print
 * the answer; a failed round trip is reported by {@link CommandFailure}. Subclasses say only what to ask and print.
 */
abstract class TransferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TransferTarget target;

    private final String name;

    TransferCommand(String name) {
        this.name = name;
    }

    /** Asks the server about {@code fileId} and prints the answer to {@code out}; waits for the answer. */
    abstract void run(FerryUploader uploader, String fileId, PrintWriter out);

    @Override
    public final Integer call() throws Exception {
        String fileId = target.fileId();
        PrintWriter out = spec.commandLine().getOut();
        try (FerryUploader uploader = connection.builder().build()) {
            run(uploader, fileId, out);
            out.flush();
            return 0;
        } catch (CompletionException e) {
            return CommandFailure.report(spec, name, e);
        }
    }
}
