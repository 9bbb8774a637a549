package io.ferry.client.internal;

/**
 * The segment size for a connection. The whole PUBLISH must fit the broker's maximum packet size (EMQX: 1 MB by
 * default), so the size is derived from it, minus room for the topic and properties, and capped: a big segment
 * blocks other traffic on the connection and costs memory per in-flight segment.
 */
final class SegmentSizing {
    /** Fixed header, packet id, property lengths; the topic and response topic are added per upload. */
    static final int FIXED_OVERHEAD = 512;
    static final int MIN_SEGMENT = 1024;

    private SegmentSizing() {
    }

    /**
     * @param requested     bytes asked for by the user, or 0 for automatic
     * @param cap           the automatic size's upper bound
     * @param maxPacketSize the broker's limit (MQTT 5 CONNACK), or 0 when unknown (MQTT 3.1.1)
     * @param topicBytes    UTF-8 bytes of the longest segment topic plus the response topic
     */
    static int effective(int requested, int cap, long maxPacketSize, int topicBytes) {
        long limit = maxPacketSize > 0 ? maxPacketSize - FIXED_OVERHEAD - topicBytes : Long.MAX_VALUE;
        long wanted = requested > 0 ? requested : cap;
        long size = Math.min(wanted, limit);
        return (int) Math.max(MIN_SEGMENT, size);
    }
}
