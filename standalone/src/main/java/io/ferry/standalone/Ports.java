package io.ferry.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before anything starts, so a busy port is one clear error instead of a half-started system. */
final class Ports {
    private Ports() {
    }

    /** The port itself if it is free, a free port if it is 0; else {@link StartupException} naming the setting. */
    static int claim(String host, int port, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StartupException("port " + port + " on " + host + " is already in use; choose another with "
                    + setting);
        }
    }

    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
