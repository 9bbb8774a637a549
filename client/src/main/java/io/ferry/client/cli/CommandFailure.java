package io.ferry.client.cli;

import io.ferry.client.FerryUploadException;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Model.CommandSpec;

/** How every CLI command reports a failed server round trip: one line on stderr with the reason, exit code 1. */
final class CommandFailure {
    private CommandFailure() {
    }

    static int report(CommandSpec spec, String command, CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String reason = cause instanceof FerryUploadException f && f.reasonDescription() != null
                ? " [" + f.reasonDescription() + "]" : "";
        spec.commandLine().getErr().println(command + " failed" + reason + ": " + cause.getMessage());
        return 1;
    }
}
