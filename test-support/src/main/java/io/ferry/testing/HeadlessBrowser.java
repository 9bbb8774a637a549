package io.ferry.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium driven by a node script through playwright-core, for tests that check what a page renders.
 * playwright-core is looked up in the repository's git-ignored {@code .ci/browser/node_modules} (Maven runs tests
 * in the module directory, so that is {@code ../.ci/browser}); Chromium at {@code $CHROMIUM}, default
 * {@code /usr/bin/chromium}. Where either is missing the test is skipped with the reason, except under CI
 * ({@code CI} or {@code FERRY_BROWSER_REQUIRED} set, as {@code .ci/run} does), where it fails: a dashboard test
 * that silently never runs proves nothing.
 */
public final class HeadlessBrowser {
    private final Path modules;
    private final String chromium;

    private HeadlessBrowser(Path modules, String chromium) {
        this.modules = modules;
        this.chromium = chromium;
    }

    /** The browser, or the calling test skipped (locally) or failed (in CI) with what is missing. */
    public static HeadlessBrowser require() {
        Path modules = Path.of("").toAbsolutePath().getParent().resolve(".ci/browser/node_modules");
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        String missing = !Files.isExecutable(Path.of(chromium)) ? "no Chromium at " + chromium
                : !Files.isDirectory(modules.resolve("playwright-core")) ? "no playwright-core in " + modules
                + " (run .ci/run or npm install --prefix .ci/browser playwright-core@1.49.1)" : null;
        if (missing != null && (System.getenv("CI") != null || System.getenv("FERRY_BROWSER_REQUIRED") != null)) {
            fail("a browser test needs a browser in CI: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        return new HeadlessBrowser(modules, chromium);
    }

    /**
     * Starts {@code node script args...} with playwright-core on NODE_PATH and {@code CHROMIUM} set; stderr goes
     * to stdout so a failure's output tells why.
     */
    public Process start(Path script, String... args) {
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder node = new ProcessBuilder(command).redirectErrorStream(true);
        node.environment().put("NODE_PATH", modules.toString());
        node.environment().put("CHROMIUM", chromium);
        try {
            return node.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node for " + script, e);
        }
    }
}
