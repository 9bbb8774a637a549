package io.ferry.protocol;

/** MQTT names shared by the broker and the device SDK. */
public final class FerryMqtt {
    /** Where a device's responses go unless it set a Response-Topic it may use: {@code $file-response/{clientId}}. */
    public static final String RESPONSE_PREFIX = ReplyTo.DEFAULT_RESPONSE_PREFIX;

    private FerryMqtt() {
    }
}
