package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The response message a device reads (docs/protocol.md §3); {@code transfer} is Ferry's §5 extra key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"vsn", "topic", "packet_id", "reason_code", "reason_description", "transfer"})
public record Response(
        @JsonProperty("vsn") String vsn,
        @JsonProperty("topic") String topic,
        @JsonProperty("packet_id") int packetId,
        @JsonProperty("reason_code") int reasonCode,
        @JsonProperty("reason_description") String reasonDescription,
        @JsonProperty("transfer") TransferStatus transfer) {
    public static final String VERSION = "0.1";

    public Response {
        requireNonNull(vsn, "vsn");
        requireNonNull(topic, "topic");
        requireNonNull(reasonDescription, "reasonDescription");
    }

    public static Response of(ReplyTo replyTo, Reason reason) {
        return of(replyTo, reason, null);
    }

    public static Response of(ReplyTo replyTo, Reason reason, TransferStatus transfer) {
        return new Response(VERSION, replyTo.topic(), replyTo.packetId(), reason.code(), reason.description(),
                transfer);
    }

    @JsonIgnore
    public boolean isSuccess() {
        return reasonCode == 0;
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public static Response fromJson(byte[] json) {
        return Json.read(json, Response.class);
    }
}
