package io.ferry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ferry.config.ConfigException;
import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A port taken between claim and bind is told apart from every other startup failure, under real wrappers. */
class PortRaceTest {
    @Test
    void shouldRecogniseJavalinFailingToBindATakenPort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Javalin app = Javalin.create();
            Throwable failure = catchThrowable(() -> app.start("127.0.0.1", taken.getLocalPort()));
            app.stop();

            assertThat(failure).as("Javalin's own wrapper").isNotNull();
            assertThat(PortRace.bindFailure(failure)).isNotNull();
            assertThat(PortRace.bindFailure(new IllegalStateException("starting Kafka", failure))).isNotNull();
            assertThat(PortRace.bindFailure(failure).getMessage()).containsIgnoringCase("address already in use");
        }
    }

    @Test
    void shouldNotRetryOtherFailures() {
        assertThat(PortRace.bindFailure(new ConfigException(List.of("ferry.http.port: not a number")))).isNull();
        assertThat(PortRace.bindFailure(new StartupException("port 1883 on 0.0.0.0 is already in use"))).isNull();
        assertThat(PortRace.bindFailure(new IllegalStateException("no cause"))).isNull();
    }
}
