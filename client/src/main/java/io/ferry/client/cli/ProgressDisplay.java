package io.ferry.client.cli;

import io.ferry.client.ProgressListener;
import io.ferry.client.UploadPhase;
import io.ferry.client.UploadProgress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress bars, one line per file, redrawn a few times a second on a terminal; on a pipe or log, a line whenever
 * a file passes another 10% or changes phase. Listeners only store the snapshot: drawing happens on its own thread.
 */
final class ProgressDisplay implements AutoCloseable {
    private static final int NAME_WIDTH = 24;
    private static final int BAR_WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, UploadProgress> latest = new LinkedHashMap<>();
    private final Map<String, String> lastLogged = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private int drawnLines;

    ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ferry-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::draw, 200, terminal ? 200 : 1000, TimeUnit.MILLISECONDS);
    }

    /** A listener for one file; {@code key} keeps files apart while their fileId is not known yet. */
    ProgressListener listenerFor(String key) {
        synchronized (this) {
            latest.putIfAbsent(key, null);
        }
        return progress -> {
            synchronized (this) {
                latest.put(key, progress);
            }
        };
    }

    synchronized void draw() {
        List<String> lines = new ArrayList<>();
        latest.forEach((key, progress) -> {
            if (progress != null) {
                lines.add(ProgressFormat.line(progress, NAME_WIDTH, BAR_WIDTH));
            }
        });
        if (terminal) {
            StringBuilder frame = new StringBuilder();
            if (drawnLines > 0) {
                frame.append("\033[").append(drawnLines).append('F');
            }
            lines.forEach(line -> frame.append("\033[2K").append(line).append('\n'));
            out.print(frame);
            out.flush();
            drawnLines = lines.size();
        } else {
            latest.forEach((key, progress) -> {
                if (progress != null) {
                    String step = progress.phase() + "/" + (int) (progress.fraction() * 10);
                    if (!step.equals(lastLogged.put(key, step)) && progress.phase() != UploadPhase.HASHING) {
                        out.println(ProgressFormat.line(progress, NAME_WIDTH, BAR_WIDTH));
                    }
                }
            });
        }
    }

    @Override
    public void close() {
        ticker.shutdown();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
    }
}
