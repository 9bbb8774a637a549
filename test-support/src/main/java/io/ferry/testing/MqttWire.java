package io.ferry.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** MQTT's wire encodings (big-endian integers, length-prefixed strings, variable byte integers), for RawMqttClient. */
final class MqttWire {
    private MqttWire() {
    }

    /** A packet's variable header and payload, then {@link #packet} prefixes the fixed header. */
    static final class Builder {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Builder u8(int value) {
            body.write(value);
            return this;
        }

        Builder u16(int value) {
            body.write(value >> 8);
            body.write(value);
            return this;
        }

        Builder varInt(int value) {
            writeVarInt(body, value);
            return this;
        }

        Builder string(String value) {
            byte[] utf8 = value.getBytes(UTF_8);
            u16(utf8.length);
            return bytes(utf8);
        }

        Builder bytes(byte[] raw) {
            body.writeBytes(raw);
            return this;
        }

        /** The whole packet: first byte (type and flags), remaining length, body. */
        byte[] packet(int firstByte) {
            ByteArrayOutputStream packet = new ByteArrayOutputStream(body.size() + 5);
            packet.write(firstByte);
            writeVarInt(packet, body.size());
            packet.writeBytes(body.toByteArray());
            return packet.toByteArray();
        }
    }

    static void writeVarInt(ByteArrayOutputStream out, int value) {
        if (value < 0 || value > 268_435_455) {
            throw new IllegalArgumentException("variable byte integer out of range: " + value);
        }
        int rest = value;
        do {
            int digit = rest & 0x7F;
            rest >>>= 7;
            out.write(rest > 0 ? digit | 0x80 : digit);
        } while (rest > 0);
    }

    /** Reads one packet's body (after the fixed header). */
    static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - position;
        }

        int u8() {
            need(1);
            return data[position++] & 0xFF;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        int u32() {
            return (u16() << 16) | u16();
        }

        int varInt() {
            int value = 0;
            for (int shift = 0; shift <= 21; shift += 7) {
                int digit = u8();
                value |= (digit & 0x7F) << shift;
                if ((digit & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("malformed variable byte integer");
        }

        byte[] binary() {
            int length = u16();
            need(length);
            byte[] value = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return value;
        }

        String string() {
            return new String(binary(), UTF_8);
        }

        byte[] rest() {
            byte[] value = Arrays.copyOfRange(data, position, data.length);
            position = data.length;
            return value;
        }

        /** An MQTT 5 property list: keeps Receive Maximum and Reason String, skips the rest by their types. */
        Properties properties() {
            int end = varInt() + position;
            Integer receiveMaximum = null;
            String reasonString = null;
            while (position < end) {
                int id = varInt();
                switch (id) {
                    case 0x21 -> receiveMaximum = u16();
                    case 0x1F -> reasonString = string();
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> u8();
                    case 0x13, 0x22, 0x23 -> u16();
                    case 0x02, 0x11, 0x18, 0x27 -> u32();
                    case 0x0B -> varInt();
                    case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x09, 0x16 -> binary();
                    case 0x26 -> {
                        binary();
                        binary();
                    }
                    default -> throw new IllegalStateException("unknown MQTT 5 property 0x" + Integer.toHexString(id));
                }
            }
            return new Properties(receiveMaximum, reasonString);
        }

        private void need(int count) {
            if (remaining() < count) {
                throw new IllegalStateException("packet ends " + (count - remaining()) + " bytes early");
            }
        }
    }

    record Properties(Integer receiveMaximum, String reasonString) {
    }
}
