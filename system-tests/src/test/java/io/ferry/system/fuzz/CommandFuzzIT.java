package io.ferry.system.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile and random input through the real broker node, assembler and exporter (docs/architecture.md "Failure
 * semantics": bad input of any kind gets a clear response, nothing crashes, nothing else is affected). Each try is a
 * batch of ~500 random commands from three devices, published with many in flight, with one correct upload from a
 * fourth device in between; the run publishes at least {@value #MIN_COMMANDS} commands. Every try checks that each
 * command got exactly one response with an allowed reason, that every service still runs, and that the upload landed
 * byte-exact. Each try uses fresh clientIds, so tries do not depend on each other. Shrinking is off: each shrinking
 * step would replay a ~500-command batch through the whole stack, and a list that long takes hundreds of steps; instead
 * a failing try names the offending commands with their answers (first 20), and jqwik reports the sample and the seed
 * of the run.
 */
class CommandFuzzIT {
    static final int DEVICES = 3;
    static final int MIN_COMMANDS = 10_000;
    private static final int TRIES = 20;
    private static final int BATCH = 500;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);
    private static final Logger LOG = LoggerFactory.getLogger(CommandFuzzIT.class);
    private static final AtomicLong PUBLISHED = new AtomicLong();
    private static final AtomicInteger TRY = new AtomicInteger();
    private static final Map<String, Integer> REASONS = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static FuzzStack stack;
    private static long startedAt;

    @BeforeContainer
    static void startStack() throws Exception {
        stack = FuzzStack.start();
        startedAt = System.nanoTime();
    }

    @AfterContainer
    static void stopStack() throws Exception {
        try {
            LOG.info("fuzz: {} commands in {} tries, {} s; responses by reason: {}", PUBLISHED.get(), TRY.get(),
                    (System.nanoTime() - startedAt) / 1_000_000_000, REASONS);
            assertThat(PUBLISHED.get()).as("commands published in this run").isGreaterThanOrEqualTo(MIN_COMMANDS);
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void shouldAnswerEveryCommandAndKeepRunningWhenFedRandomCommands(@ForAll("batches") List<FuzzCommand> batch,
                                                                     @ForAll("uploads") ValidUpload upload)
            throws Exception {
        int tryNumber = TRY.incrementAndGet();
        List<FuzzDevice> devices = new ArrayList<>();
        ExecutorService publishers = Executors.newFixedThreadPool(DEVICES + 1);
        try {
            for (int i = 0; i <= DEVICES; i++) {
                devices.add(FuzzDevice.connect(stack.mqttUri(), "fz" + tryNumber + "-d" + i));
            }
            publishAll(publishers, devices, batch, upload);
            long publishedAt = System.nanoTime();
            try {
                await().atMost(ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() ->
                        devices.stream().allMatch(ResponseCheck::complete) || stack.whatStopped() != null);
            } catch (ConditionTimeoutException e) {
                // Fall through: the checks below name every command still unanswered.
                LOG.warn("fuzz try {}: not every command was answered within {}", tryNumber, ANSWER_TIMEOUT);
            }
            LOG.info("fuzz try {}: {} commands answered in {} ms", tryNumber, batch.size() + upload.commands().size(),
                    (System.nanoTime() - publishedAt) / 1_000_000);

            assertThat(stack.whatStopped()).as("a service stopped").isNull();
            devices.forEach(d -> d.received().forEach(r ->
                    REASONS.merge(r.json().path("reason_description").asText(), 1, Integer::sum)));
            List<String> problems = devices.stream().flatMap(d -> ResponseCheck.problems(d).stream()).toList();
            assertThat(problems).as("contract violations (first 20): %s",
                    problems.stream().limit(20).collect(Collectors.joining("\n"))).isEmpty();
            FuzzDevice uploader = devices.get(DEVICES);
            Path file = stack.exported(uploader.clientId(), upload.fileId(), upload.name());
            assertThat(file).as("exported upload").exists();
            assertThat(Files.readAllBytes(file)).as("exported bytes of " + upload).isEqualTo(upload.file());
        } finally {
            publishers.shutdownNow();
            for (FuzzDevice device : devices) {
                device.close();
            }
        }
    }

    /** One thread per device keeps each device's order (the upload's fin after its segments) while all run at once. */
    private static void publishAll(ExecutorService publishers, List<FuzzDevice> devices, List<FuzzCommand> batch,
                                   ValidUpload upload) throws Exception {
        Map<Integer, List<FuzzCommand>> byDevice = batch.stream()
                .collect(Collectors.groupingBy(FuzzCommand::device));
        byDevice.put(DEVICES, upload.commands());
        List<Future<?>> done = new ArrayList<>();
        for (Map.Entry<Integer, List<FuzzCommand>> entry : byDevice.entrySet()) {
            FuzzDevice device = devices.get(entry.getKey());
            done.add(publishers.submit(() -> {
                for (FuzzCommand command : entry.getValue()) {
                    device.publish(command);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("publishing failed; device problems: " + devices.stream()
                        .flatMap(d -> d.problems().stream()).toList(), e.getCause());
            }
        }
        PUBLISHED.addAndGet(batch.size() + upload.commands().size());
    }

    @Provide
    Arbitrary<List<FuzzCommand>> batches() {
        return FuzzArbitraries.commands().list().ofMinSize(BATCH).ofMaxSize(BATCH + 40);
    }

    @Provide
    Arbitrary<ValidUpload> uploads() {
        return ValidUpload.uploads();
    }
}
