package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 7, last line of defence: with the assembler's Streams settings a record whose processing throws is
 * skipped and the records behind it are processed, instead of the thread dying on it again and again; an output
 * record Kafka refuses as too large is dropped, a changelog record never.
 */
class PoisonRecordTest {
    @TempDir
    Path stateDir;

    /** Throws on "poison", forwards anything else. */
    private static final class Picky implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> processorContext) {
            context = processorContext;
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.value().equals("poison")) {
                throw new IllegalStateException("a bug this record triggers");
            }
            context.forward(record);
        }
    }

    /** The input record a failed output came from. */
    private static final class InputContext implements ErrorHandlerContext {
        @Override
        public String topic() {
            return "ferry.commands";
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public long offset() {
            return 42;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "assembler";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }

    @Test
    void shouldSkipARecordWhoseProcessingThrowsAndProcessTheNextOne() {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
        topology.addProcessor("picky", Picky::new, "in");
        topology.addSink("out", "out", Serdes.String().serializer(), Serdes.String().serializer(), "picky");
        AssemblerConfig config = new AssemblerConfig("dummy:9092", "poison-test", stateDir, "ferry.", false, 1,
                (short) 1, AssemblerOptions.defaults(), Map.of());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config.streamsProperties())) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            in.pipeInput("k", "first");
            in.pipeInput("k", "poison");
            in.pipeInput("k", "after");
            assertThat(out.readValuesToList()).containsExactly("first", "after");
        }
    }

    @Test
    void shouldDropATooLargeOutputRecordButNeverAChangelogRecord() {
        SkipTooLargeOutputHandler handler = new SkipTooLargeOutputHandler();
        RecordTooLargeException tooLarge = new RecordTooLargeException("too large");
        ErrorHandlerContext context = new InputContext();
        assertThat(handler.handleError(context, new ProducerRecord<>("ferry.responses", new byte[1], new byte[1]),
                tooLarge).result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(handler.handleError(context, new ProducerRecord<>("app-ferry-assembler-transfers-changelog",
                new byte[1], new byte[1]), tooLarge).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(handler.handleError(context, new ProducerRecord<>("ferry.responses", new byte[1], new byte[1]),
                new IllegalStateException("other")).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }
}
