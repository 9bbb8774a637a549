package io.ferry.broker;

import com.hivemq.mqtt.message.QoS;
import com.hivemq.mqtt.message.puback.PUBACK;
import com.hivemq.mqtt.message.publish.PUBLISH;
import com.hivemq.mqtt.message.pubrec.PUBREC;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.HashMap;
import java.util.Map;

/**
 * TCP back-pressure for one device connection, in its Netty pipeline: counts the payload bytes of QoS 1/2 PUBLISHes
 * read and not yet acknowledged, and stops reading the socket while they exceed the per-connection limit or the
 * node's {@link IngressBudget}; reading resumes as PUBACKs go out. A device that pipelines without limit (ignoring
 * Receive Maximum) is slowed down by TCP, never disconnected, and the node holds at most about the limits plus one
 * packet per connection. State is touched only on the channel's event loop.
 *
 * <p>Uses HiveMQ CE internals (message classes, handler names), so it is installed only by the embedded broker,
 * whose HiveMQ version is pinned; {@code ReadThrottleIT} fails if an upgrade breaks it.
 */
final class ReadThrottle extends ChannelDuplexHandler {
    static final String NAME = "ferry_read_throttle";
    /** HiveMQ's handler right after the MQTT decoder (ChannelHandlerNames.MQTT_MESSAGE_BARRIER). */
    static final String BEFORE = "mqtt_message_barrier";

    private final long clientMaxBytes;
    private final IngressBudget budget;
    private final Map<Integer, Integer> unacked = new HashMap<>();
    private Channel channel;
    private long clientBytes;
    private volatile int lastPacketBytes;
    private boolean paused;

    ReadThrottle(long clientMaxBytes, IngressBudget budget) {
        this.clientMaxBytes = clientMaxBytes;
        this.budget = budget;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        budget.throttled(1);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof PUBLISH publish && publish.getQoS() != QoS.AT_MOST_ONCE) {
            byte[] payload = publish.getPayload();
            int bytes = payload == null ? 0 : payload.length;
            Integer previous = unacked.put(publish.getPacketIdentifier(), bytes);
            if (previous != null) {
                // A duplicate packet id (a resend before our PUBACK): count the packet once.
                release(previous);
            }
            clientBytes += bytes;
            lastPacketBytes = bytes;
            boolean nodeHasRoom = budget.take(bytes);
            if (clientBytes > clientMaxBytes || !nodeHasRoom) {
                pause(!nodeHasRoom);
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof PUBACK ack) {
            acknowledged(ack.getPacketIdentifier());
        } else if (msg instanceof PUBREC rec) {
            acknowledged(rec.getPacketIdentifier());
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        budget.throttled(-1);
        budget.forget(this);
        unacked.values().forEach(budget::release);
        unacked.clear();
        clientBytes = 0;
        super.channelInactive(ctx);
    }

    int lastPacketBytes() {
        return lastPacketBytes;
    }

    /** The node has room again: resume on the channel's own thread if this connection's own limit allows. */
    void wake() {
        Channel current = channel;
        if (current != null) {
            current.eventLoop().execute(this::resumeIfAllowed);
        }
    }

    private void acknowledged(int packetId) {
        Integer bytes = unacked.remove(packetId);
        if (bytes != null) {
            release(bytes);
            resumeIfAllowed();
        }
    }

    private void release(int bytes) {
        clientBytes -= bytes;
        budget.release(bytes);
    }

    private void pause(boolean forNode) {
        // Every time, not only on the first: HiveMQ's subscribe barrier may have switched reading back on.
        if (!paused) {
            budget.paused();
        }
        paused = true;
        channel.config().setAutoRead(false);
        if (forNode) {
            budget.waitForRoom(this);
        }
    }

    private void resumeIfAllowed() {
        if (!paused || clientBytes > clientMaxBytes) {
            return;
        }
        if (!budget.hasRoom()) {
            budget.waitForRoom(this);
            return;
        }
        paused = false;
        channel.config().setAutoRead(true);
        channel.read();
    }
}
