package io.ferry.api;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** For handler tests: a fresh {@link ApiHarness} over its own temp dir for every test, stopped after it. */
abstract class ApiTestBase {
    @TempDir
    Path root;
    ApiHarness api;

    @BeforeEach
    void startApi() {
        api = new ApiHarness(root);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }
}
