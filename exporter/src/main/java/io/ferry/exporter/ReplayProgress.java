package io.ferry.exporter;

import io.ferry.records.CatalogEntry;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress bar of {@code ./ferry replay}: on a terminal one line redrawn in place, otherwise (logs, pipes) one
 * line per file. Counts bytes of files done, whatever their outcome, so the bar always reaches the end.
 */
final class ReplayProgress implements Replay.Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private int files;
    private long bytes;
    private int filesDone;
    private long bytesDone;

    ReplayProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void started(int fileCount, long byteCount) {
        this.files = fileCount;
        this.bytes = byteCount;
        out.printf(Locale.ROOT, "replaying %d file(s), %s%n", fileCount, mib(byteCount));
    }

    @Override
    public void done(CatalogEntry entry, Replay.Outcome outcome, String detail) {
        filesDone++;
        bytesDone += entry.size();
        String line = bar() + " " + entry.clientId() + "/" + entry.fileId() + " "
                + outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (terminal) {
            out.print("\r\033[K" + line);
            if (filesDone == files) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    String bar() {
        double fraction = bytes == 0 ? (files == 0 ? 1 : (double) filesDone / files) : (double) bytesDone / bytes;
        int filled = (int) Math.round(Math.min(1, fraction) * WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3.0f%% %d/%d files %s", "#".repeat(filled),
                "-".repeat(WIDTH - filled), fraction * 100, filesDone, files, mib(bytesDone) + "/" + mib(bytes));
    }

    private static String mib(long count) {
        return String.format(Locale.ROOT, "%.1f MiB", count / (1024.0 * 1024.0));
    }
}
