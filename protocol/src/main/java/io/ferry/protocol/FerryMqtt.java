package io.ferry.protocol;

/** MQTT names shared by the broker integration, the bridge and the client. */
public final class FerryMqtt {
    /** User property the broker stamps with the publisher's verified clientId; any client-supplied copy is removed. */
    public static final String CLIENT_ID_PROPERTY = "ferry-client-id";
    /** User property the broker stamps with the QoS the device published with (the bridge receives at QoS 1). */
    public static final String QOS_PROPERTY = "ferry-qos";
    /**
     * User property the broker stamps with the packet id of the device's PUBLISH, which a subscriber cannot see
     * (the broker assigns its own per delivery); responses echo it as {@code packet_id}. Absent for QoS 0.
     */
    public static final String PACKET_ID_PROPERTY = "ferry-packet-id";
    public static final String SHARE_GROUP = "ferry";
    public static final String SYNC_FILTER = "$file/#";
    public static final String ASYNC_FILTER = "$file-async/#";
    public static final String RESPONSE_PREFIX = ReplyTo.DEFAULT_RESPONSE_PREFIX;

    private FerryMqtt() {
    }

    public static String sharedFilter(String filter) {
        return "$share/" + SHARE_GROUP + "/" + filter;
    }
}
