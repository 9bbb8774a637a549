package io.ferry.system.security;

import static io.ferry.system.security.ClientIdentityIT.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ScratchReproIT {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchReproIT.class);

    static {
        System.setProperty("ferry.test.answer.seconds", "15");
        for (String name : new String[] {"org.apache.kafka.clients.producer.internals.TransactionManager",
                "org.apache.kafka.coordinator.transaction", "kafka.coordinator.transaction",
                "org.apache.kafka.clients.producer.internals.Sender"}) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
    }

    static void dump() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, st) -> {
            String n = t.getName();
            if (n.contains("StreamThread") || n.contains("ferry") || n.contains("kafka-producer")) {
                out.append("\n--- ").append(n).append(" ").append(t.getState()).append('\n');
                for (StackTraceElement e : st) {
                    out.append("    at ").append(e).append('\n');
                }
            }
        });
        LOG.error("REPRO DUMP {}", out);
    }

    @Test
    void repro() throws Exception {
        int stalls = 0;
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("repro");
        java.nio.file.Path keystore = TestKeystores.selfSigned(dir, "ferry", "pw-pw-pw");
        javax.net.ssl.SSLContext trusting = javax.net.ssl.SSLContext.getInstance("TLS");
        trusting.init(null, TestKeystores.trusting(keystore, "pw-pw-pw").getTrustManagers(), null);
        for (int round = 0; round < 12; round++) {
            try (SecuredFerry ferry = SecuredFerry.start(Map.of("ferry.mqtt.tls.keystore", keystore.toString(),
                    "ferry.mqtt.tls.keystore.password", "pw-pw-pw", "ferry.mqtt.tls.port", "0"))) {
                for (int i = 0; i < 2; i++) {
                    long t0 = System.nanoTime();
                    org.eclipse.paho.mqttv5.client.MqttConnectionOptions options =
                            new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
                    options.setSocketFactory(trusting.getSocketFactory());
                    String uri = "ssl://localhost:" + ferry.standalone().mqttTlsPort().orElseThrow();
                    try (Device device = Device.connect(uri, "dev-" + round + "-" + i, options, true)) {
                        JsonNode fin = SecuredFerry.upload(device, "f" + i, "x.bin", bytes(300_000, i), 64 * 1024);
                        LOG.info("REPRO round {} upload {} -> {} in {} ms", round, i,
                                fin.path("reason_description").asText(), (System.nanoTime() - t0) / 1_000_000);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        stalls++;
                        LOG.error("REPRO round {} upload {} STALLED", round, i);
                        dump();
                        break;
                    }
                }
            }
        }
        LOG.info("REPRO stalls={}", stalls);
    }
}
