package io.ferry.standalone;

import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A third-party device: Eclipse Paho, MQTT 5 or 3.1.1, QoS 1, listening on {@code $file-response/{clientId}}. */
interface MqttDevice extends AutoCloseable {
    interface ResponseListener {
        void onResponse(byte[] json) throws Exception;
    }

    void publish(String topic, byte[] payload) throws Exception;

    @Override
    void close() throws Exception;

    static MqttDevice connect(int version, String uri, String clientId, ResponseListener listener) throws Exception {
        return version == 5 ? V5.connect(uri, clientId, listener) : V3.connect(uri, clientId, listener);
    }

    final class V5 implements MqttDevice {
        private final org.eclipse.paho.mqttv5.client.MqttClient client;

        private V5(org.eclipse.paho.mqttv5.client.MqttClient client) {
            this.client = client;
        }

        static V5 connect(String uri, String clientId, ResponseListener listener) throws MqttException {
            var client = new org.eclipse.paho.mqttv5.client.MqttClient(uri, clientId,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setMaxReconnectDelay(1000);
            client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    listener.onResponse(message.getPayload());
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            client.connect(options);
            client.subscribe("$file-response/" + clientId, 1);
            return new V5(client);
        }

        @Override
        public void publish(String topic, byte[] payload) throws Exception {
            MqttMessage message = new MqttMessage(payload, 1, false, new MqttProperties());
            client.publish(topic, message);
        }

        @Override
        public void close() throws Exception {
            client.disconnect(TimeUnit.SECONDS.toMillis(5));
            client.close();
        }
    }

    final class V3 implements MqttDevice {
        private final MqttClient client;

        private V3(MqttClient client) {
            this.client = client;
        }

        static V3 connect(String uri, String clientId, ResponseListener listener)
                throws org.eclipse.paho.client.mqttv3.MqttException {
            MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setMaxInflight(100);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message)
                        throws Exception {
                    listener.onResponse(message.getPayload());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            client.connect(options);
            client.subscribe("$file-response/" + clientId, 1);
            return new V3(client);
        }

        @Override
        public void publish(String topic, byte[] payload) throws Exception {
            client.publish(topic, payload, 1, false);
        }

        @Override
        public void close() throws Exception {
            client.disconnect(5000);
            client.close();
        }
    }
}
