package io.ferry.assembler;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record whose processing throws is logged with topic/partition/offset (never its bytes) and skipped. Thrown
 * again on every instance the task moves to, it would otherwise stop the partition's transfers everywhere in turn
 * (issue 15 item 7); domain code answers bad input itself, so this only ever catches a bug, which the log names.
 * Kafka Streams counts the record in its {@code dropped-records} metric.
 */
public final class SkipFailedRecordHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SkipFailedRecordHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        LOG.error("skipping a record that failed processing topic={} partition={} offset={} node={}",
                context.topic(), context.partition(), context.offset(), context.processorNodeId(), exception);
        return Response.resume();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
