package io.ferry.broker;

/** A device publish whose PUBACK is being withheld by the {@link IngressGate}; exactly one method is called once. */
interface HeldPublish {
    /** Let the publish through: it is routed to the bridges and the device gets its PUBACK. */
    void admit();

    /** Give up: the publish is not routed, and the device sees a failure (never a success PUBACK). */
    void fail(String reason);
}
