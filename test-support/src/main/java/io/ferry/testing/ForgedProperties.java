package io.ferry.testing;

/**
 * User properties a hostile device may set to pose as another client or to fake what the broker knows (the names
 * Ferry's broker once stamped for a separate bridge). The ingress takes identity and QoS only from the connection
 * and the packet, so tests send these and check they change nothing.
 */
public final class ForgedProperties {
    public static final String CLIENT_ID = "ferry-client-id";
    public static final String QOS = "ferry-qos";
    public static final String PACKET_ID = "ferry-packet-id";

    private ForgedProperties() {
    }
}
