package io.ferry.client;

/** The MQTT protocol version the uploader speaks. MQTT 5 matches responses by Correlation-Data. */
public enum MqttVersion {
    MQTT_3_1_1, MQTT_5;

    /** 3 or 5, as typed on the command line. */
    public static MqttVersion of(int number) {
        return switch (number) {
            case 3 -> MQTT_3_1_1;
            case 5 -> MQTT_5;
            default -> throw new IllegalArgumentException("MQTT version must be 3 or 5: " + number);
        };
    }
}
