package io.ferry.assembler;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;

/**
 * A segment PUBLISH that the bridge split into several records: the first part decided the {@code verdict} for the
 * whole publish, so that later parts follow it and the last part (the only one answered) reports it.
 */
record OpenPublish(String topic, int packetId, Reason verdict) {
    OpenPublish {
        requireNonNull(topic, "topic");
        requireNonNull(verdict, "verdict");
    }

    static OpenPublish of(ReplyTo replyTo, Reason verdict) {
        return new OpenPublish(replyTo.topic(), replyTo.packetId(), verdict);
    }

    boolean matches(ReplyTo replyTo) {
        return topic.equals(replyTo.topic()) && packetId == replyTo.packetId();
    }
}
