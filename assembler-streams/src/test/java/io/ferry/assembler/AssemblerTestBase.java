package io.ferry.assembler;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** For topology tests: a fresh {@link AssemblerHarness} with default options for every test, closed after it. */
abstract class AssemblerTestBase {
    @TempDir
    Path stateDir;
    AssemblerHarness h;

    @BeforeEach
    void startHarness() {
        h = new AssemblerHarness(stateDir, AssemblerOptions.defaults());
    }

    @AfterEach
    void stopHarness() {
        h.close();
    }
}
