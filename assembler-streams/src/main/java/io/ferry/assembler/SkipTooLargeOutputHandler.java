package io.ferry.assembler;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last line behind {@link TransferLimits}, which bound every output record by construction: an output record Kafka
 * refuses as too large is dropped with an error log instead of failing the stream thread, which would retry the same
 * input and stop the partition on every instance. A state store changelog record is never dropped (the store and
 * its changelog would disagree after a restore): that still fails, as Kafka Streams does by default.
 */
public final class SkipTooLargeOutputHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SkipTooLargeOutputHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RecordTooLargeException && !record.topic().endsWith("-changelog")) {
            LOG.error("dropping an output record Kafka refused as too large topic={} valueBytes={} (input {}-{}@{})",
                    record.topic(), record.value() == null ? 0 : record.value().length, context.topic(),
                    context.partition(), context.offset());
            return Response.resume();
        }
        return Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
