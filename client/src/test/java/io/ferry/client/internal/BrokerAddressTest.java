package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerAddressTest {
    @Test
    void shouldDefaultThePortBySchemeAndAcceptBareHosts() {
        assertThat(BrokerAddress.parse("mqtt://example.org")).isEqualTo(new BrokerAddress("example.org", 1883, false));
        assertThat(BrokerAddress.parse("mqtts://example.org")).isEqualTo(new BrokerAddress("example.org", 8883, true));
        assertThat(BrokerAddress.parse("tcp://10.0.0.1:1999")).isEqualTo(new BrokerAddress("10.0.0.1", 1999, false));
        assertThat(BrokerAddress.parse("localhost:1884")).isEqualTo(new BrokerAddress("localhost", 1884, false));
    }

    @Test
    void shouldRejectUnknownSchemes() {
        assertThatThrownBy(() -> BrokerAddress.parse("http://example.org"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mqtt://");
    }
}
