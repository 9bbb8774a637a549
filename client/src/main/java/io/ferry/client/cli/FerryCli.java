package io.ferry.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ferry upload|status|abort}: the device CLI. */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "ferry client 0.1",
        subcommands = {UploadCommand.class, StatusCommand.class, AbortCommand.class},
        description = "Send files over MQTT to Ferry (or EMQX) with resume, retries and progress.")
public final class FerryCli implements Runnable {
    public static final int EXIT_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: upload, status or abort");
    }

    /** The command line, for main and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new FerryCli());
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "ferry-cli-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }
}
