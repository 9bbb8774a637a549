package io.ferry.assembler;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be decoded is logged with topic/partition/offset (never its bytes) and skipped, so one
 * poison record never stops the assembler. Kafka Streams counts it in its {@code dropped-records} metric.
 */
public final class SkipBadRecordHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SkipBadRecordHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        LOG.warn("skipping undecodable record topic={} partition={} offset={} valueBytes={}: {}", context.topic(),
                context.partition(), context.offset(), record.value() == null ? 0 : record.value().length,
                exception.toString());
        return Response.resume();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
