package io.ferry.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A TCP load balancer on loopback in front of several broker nodes, as a cloud's L4 balancer would be: each new
 * connection goes to the next node in turn that accepts a TCP connection (a dead node is skipped), and then stays
 * there. It reads the MQTT CONNECT first, only to record which node each clientId was sent to, so a test knows
 * which node a device is using and where it went after a reconnect. With one node it is a proxy a test can cut
 * ({@link #cutAll()}), like a network failure.
 */
public final class TcpBalancer implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final int MAX_CONNECT_PACKET = 64 * 1024;
    private final ServerSocket server;
    private final List<Integer> nodes;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> routed = new ConcurrentHashMap<>();
    private final Thread acceptor;

    /** @param nodePorts the MQTT ports of the nodes behind it, on 127.0.0.1 */
    public TcpBalancer(List<Integer> nodePorts) throws IOException {
        this.nodes = List.copyOf(nodePorts);
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "tcp-balancer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The node port of every connection of {@code clientId} so far, oldest first. */
    public List<Integer> routes(String clientId) {
        return List.copyOf(routed.getOrDefault(clientId, List.of()));
    }

    /** The node port {@code clientId}'s newest connection went to; fails if it never connected. */
    public int nodeOf(String clientId) {
        List<Integer> routes = routes(clientId);
        if (routes.isEmpty()) {
            throw new IllegalStateException(clientId + " never connected through the balancer");
        }
        return routes.get(routes.size() - 1);
    }

    /** The node ports that have carried at least one connection of these clients. */
    public Set<Integer> nodesUsedBy(List<String> clientIds) {
        return clientIds.stream().flatMap(id -> routes(id).stream()).collect(Collectors.toSet());
    }

    /** Connections routed to a node so far. */
    public long connections() {
        return routed.values().stream().mapToLong(List::size).sum();
    }

    /** Closes every open connection, like a network failure; new ones are accepted again. */
    public void cutAll() {
        for (Socket socket : new ArrayList<>(sockets)) {
            closeQuietly(socket);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread route = new Thread(() -> route(client), "tcp-balancer-route");
                route.setDaemon(true);
                route.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void route(Socket client) {
        try {
            client.setSoTimeout(30_000);
            byte[] connect = readPacket(client.getInputStream());
            client.setSoTimeout(0);
            Socket upstream = connectToLiveNode();
            if (upstream == null) {
                closeQuietly(client);
                sockets.remove(client);
                return;
            }
            sockets.add(upstream);
            routed.computeIfAbsent(clientIdOf(connect), id -> new CopyOnWriteArrayList<>()).add(upstream.getPort());
            upstream.getOutputStream().write(connect);
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException e) {
            // the device gave up before sending CONNECT; it will retry
            closeQuietly(client);
            sockets.remove(client);
        }
    }

    /** The next node in turn that accepts a connection, or null when none does. */
    private Socket connectToLiveNode() {
        int first = Math.floorMod(next.getAndIncrement(), nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            int port = nodes.get((first + i) % nodes.size());
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        CONNECT_TIMEOUT_MILLIS);
                return upstream;
            } catch (IOException e) {
                closeQuietly(upstream);
            }
        }
        return null;
    }

    /** One whole MQTT control packet: fixed header, remaining length (variable byte integer), body. */
    private static byte[] readPacket(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(data.readUnsignedByte());
        int remaining = 0;
        for (int shift = 0; ; shift += 7) {
            int b = data.readUnsignedByte();
            packet.write(b);
            remaining |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            if (shift >= 21) {
                throw new IOException("malformed remaining length");
            }
        }
        if (remaining > MAX_CONNECT_PACKET) {
            throw new IOException("CONNECT of " + remaining + " bytes");
        }
        byte[] body = new byte[remaining];
        data.readFully(body);
        packet.write(body);
        return packet.toByteArray();
    }

    /** The client identifier of a CONNECT packet (MQTT 3.1.1 or 5), or "?" when it is not one. */
    static String clientIdOf(byte[] packet) {
        try {
            int at = 1;
            while ((packet[at++] & 0x80) != 0) {
                // remaining length
            }
            int nameLength = u16(packet, at);
            at += 2 + nameLength;
            int level = packet[at] & 0xFF;
            at += 1 + 1 + 2; // level, flags, keep alive
            if (level == 5) {
                int properties = 0;
                for (int shift = 0; ; shift += 7) {
                    int b = packet[at++] & 0xFF;
                    properties |= (b & 0x7F) << shift;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
                at += properties;
            }
            int idLength = u16(packet, at);
            return new String(packet, at + 2, idLength, StandardCharsets.UTF_8);
        } catch (ArrayIndexOutOfBoundsException | StringIndexOutOfBoundsException e) {
            return "?";
        }
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // reset or closed: a node died or the device went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-balancer-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
        sockets.clear();
    }
}
