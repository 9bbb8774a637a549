package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The response message a device reads (docs/protocol.md §3); {@code transfer} is Ferry's §5 extra key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"vsn", "topic", "packet_id", "reason_code", "reason_description", "transfer"})
public record Response(String vsn, String topic, int packetId, int reasonCode, String reasonDescription,
                       TransferStatus transfer) {
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
