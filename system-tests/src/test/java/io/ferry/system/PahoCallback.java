package io.ferry.system;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho MQTT 5 callback for test devices, which care about arrivals and disconnects: the other events do nothing
 * unless a device overrides them.
 */
public interface PahoCallback extends MqttCallback {
    @Override
    default void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    default void deliveryComplete(IMqttToken token) {
    }

    @Override
    default void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    default void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
