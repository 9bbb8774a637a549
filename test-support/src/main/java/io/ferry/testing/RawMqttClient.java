package io.ferry.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A deliberately naive MQTT 3.1.1 / 5 client over a plain socket, for tests of what a server does with clients that
 * real libraries would not be: it never looks at the server's Receive Maximum, {@link #publishQos1} only queues the
 * PUBLISH for a writer thread (so any number are in flight), and a reader thread records every PUBACK, DISCONNECT and
 * PUBLISH the server sends (PUBACKing QoS 1 ones). What it sends carries no MQTT 5 properties. Not for production.
 */
public final class RawMqttClient implements AutoCloseable {
    private static final int KEEP_ALIVE_SECONDS = 600;
    private static final int CONNACK_TIMEOUT_MILLIS = 10_000;
    private static final byte[] STOP = new byte[0];

    /** The protocol level sent in CONNECT. */
    public enum Version {
        V3_1_1(4), V5(5);

        final int level;

        Version(int level) {
            this.level = level;
        }
    }

    /** The server's CONNACK; {@code receiveMaximum} is 65,535 when an MQTT 5 server leaves it out (and for 3.1.1). */
    public record Connack(boolean sessionPresent, int reasonCode, int receiveMaximum) {
    }

    /** One PUBACK; for MQTT 3.1.1 the reason code is always 0 and the reason string null. */
    public record Puback(int packetId, int reasonCode, String reasonString) {
    }

    /** A DISCONNECT from the server (MQTT 5 only). */
    public record Disconnect(int reasonCode, String reasonString) {
    }

    /** A PUBLISH from the server. */
    public record Message(String topic, byte[] payload) {
        public Message {
            requireNonNull(topic, "topic");
            payload = payload.clone();
        }

        public String payloadText() {
            return new String(payload, UTF_8);
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Message that && topic.equals(that.topic)
                    && Arrays.equals(payload, that.payload);
        }

        @Override
        public int hashCode() {
            return topic.hashCode() * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Message[topic=" + topic + ", " + payload.length + " bytes]";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final Version version;
    private final Connack connack;
    private final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
    private final Map<Integer, Puback> pubacks = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Void>> subacks = new ConcurrentHashMap<>();
    private final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final Thread writer;
    private volatile boolean closing;
    private volatile Throwable connectionEnd;
    private int nextPacketId = 1;

    private RawMqttClient(Socket socket, DataInputStream in, Version version, Connack connack) {
        this.socket = socket;
        this.in = in;
        this.version = version;
        this.connack = connack;
        this.reader = new Thread(this::readLoop, "raw-mqtt-reader");
        this.writer = new Thread(this::writeLoop, "raw-mqtt-writer");
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    /** Connects with a clean session/start and waits for the CONNACK; throws if the server refuses. */
    public static RawMqttClient connect(String host, int port, String clientId, Version version) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNACK_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(CONNACK_TIMEOUT_MILLIS);
            MqttWire.Builder connect = new MqttWire.Builder()
                    .string("MQTT").u8(version.level).u8(0x02).u16(KEEP_ALIVE_SECONDS);
            if (version == Version.V5) {
                connect.varInt(0);
            }
            connect.string(clientId);
            socket.getOutputStream().write(connect.packet(0x10));
            socket.getOutputStream().flush();
            // one buffered stream for the CONNACK and the reader thread: bytes read ahead must not be lost
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65_536));
            Connack connack = readConnack(in, version);
            if (connack.reasonCode() != 0) {
                throw new IOException("CONNECT refused: reason code 0x" + Integer.toHexString(connack.reasonCode()));
            }
            socket.setSoTimeout(0);
            RawMqttClient client = new RawMqttClient(socket, in, version, connack);
            client.reader.start();
            client.writer.start();
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Connack readConnack(DataInputStream in, Version version) throws IOException {
        int type = in.readUnsignedByte();
        MqttWire.Reader body = new MqttWire.Reader(readBody(in));
        if (type != 0x20) {
            throw new IOException("expected CONNACK, got packet type 0x" + Integer.toHexString(type));
        }
        boolean sessionPresent = (body.u8() & 1) == 1;
        int reasonCode = body.u8();
        int receiveMaximum = 65_535;
        if (version == Version.V5 && body.remaining() > 0) {
            Integer announced = body.properties().receiveMaximum();
            receiveMaximum = announced == null ? receiveMaximum : announced;
        }
        return new Connack(sessionPresent, reasonCode, receiveMaximum);
    }

    public Connack connack() {
        return connack;
    }

    /** Queues a QoS 1 PUBLISH and returns its packet id at once: nothing waits for PUBACKs or for the socket. */
    public synchronized int publishQos1(String topic, byte[] payload) {
        int packetId = nextPacketId;
        nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
        MqttWire.Builder publish = new MqttWire.Builder().string(topic).u16(packetId);
        if (version == Version.V5) {
            publish.varInt(0);
        }
        outgoing.add(publish.bytes(payload).packet(0x32));
        return packetId;
    }

    /** SUBSCRIBEs at QoS 1 and waits (up to 10 s) for the SUBACK. */
    public void subscribe(String filter) {
        int packetId;
        CompletableFuture<Void> suback = new CompletableFuture<>();
        synchronized (this) {
            packetId = nextPacketId;
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
            subacks.put(packetId, suback);
        }
        MqttWire.Builder subscribe = new MqttWire.Builder().u16(packetId);
        if (version == Version.V5) {
            subscribe.varInt(0);
        }
        outgoing.add(subscribe.string(filter).u8(1).packet(0x82));
        try {
            suback.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no SUBACK for " + filter + " (connection: " + connectionEnd + ")", e);
        }
    }

    /** The PUBACKs received so far, by packet id (a reused id keeps the latest). */
    public Map<Integer, Puback> pubacks() {
        return Map.copyOf(pubacks);
    }

    public List<Disconnect> disconnects() {
        return List.copyOf(disconnects);
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** True once the connection ended other than by {@link #close()} (server closed it, or a read/write failed). */
    public boolean connectionLost() {
        return connectionEnd != null;
    }

    /** Why the connection ended, if it did: an EOFException when the server closed the socket. */
    public Throwable connectionEnd() {
        return connectionEnd;
    }

    private void readLoop() {
        try {
            while (true) {
                int header = in.readUnsignedByte();
                dispatch(header, new MqttWire.Reader(readBody(in)));
            }
        } catch (IOException | RuntimeException e) {
            ended(e);
        }
    }

    private void dispatch(int header, MqttWire.Reader body) {
        switch (header >> 4) {
            case 3 -> received(header, body);
            case 4 -> {
                int packetId = body.u16();
                int reason = body.remaining() > 0 ? body.u8() : 0;
                String reasonString = body.remaining() > 0 ? body.properties().reasonString() : null;
                pubacks.put(packetId, new Puback(packetId, reason, reasonString));
            }
            case 9 -> {
                CompletableFuture<Void> suback = subacks.remove(body.u16());
                if (suback != null) {
                    suback.complete(null);
                }
            }
            case 14 -> {
                int reason = body.remaining() > 0 ? body.u8() : 0;
                String reasonString = body.remaining() > 0 ? body.properties().reasonString() : null;
                disconnects.add(new Disconnect(reason, reasonString));
            }
            default -> {
                // PINGRESP and anything this client never asks for
            }
        }
    }

    private void received(int header, MqttWire.Reader body) {
        int qos = (header >> 1) & 3;
        String topic = body.string();
        int packetId = qos > 0 ? body.u16() : 0;
        if (version == Version.V5) {
            body.properties();
        }
        messages.add(new Message(topic, body.rest()));
        if (qos == 1) {
            outgoing.add(new MqttWire.Builder().u16(packetId).packet(0x40));
        }
    }

    private void writeLoop() {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65_536);
            while (true) {
                byte[] packet = outgoing.take();
                if (packet == STOP) {
                    return;
                }
                out.write(packet);
                if (outgoing.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            ended(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ended(Throwable cause) {
        if (!closing && connectionEnd == null) {
            connectionEnd = cause;
        }
        subacks.values().forEach(future -> future.completeExceptionally(cause));
    }

    private static byte[] readBody(DataInputStream in) throws IOException {
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 21) {
                throw new IOException("malformed remaining length");
            }
            int digit = in.readUnsignedByte();
            length |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    /** Sends DISCONNECT (reason 0) after everything queued, then closes the socket. */
    @Override
    public void close() {
        closing = true;
        outgoing.add(version == Version.V5 ? new byte[] {(byte) 0xE0, 1, 0} : new byte[] {(byte) 0xE0, 0});
        outgoing.add(STOP);
        try {
            writer.join(5_000);
            socket.close();
            reader.join(5_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writer.interrupt();
        }
    }
}
