package io.ferry.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.Abort;
import io.ferry.protocol.Command;
import io.ferry.protocol.CommandKind;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.protocol.Json;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.Status;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Binary form of {@link CommandRecord}: {@code [1 byte version][4 bytes header length][header JSON][payload]}.
 * The payload stays raw so a segment costs no encoding and the exporter reads it as a slice, without a copy.
 */
public final class CommandRecordCodec {
    private static final byte VERSION = 1;

    private CommandRecordCodec() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Header(String kind, String fileId, ReplyTo replyTo, long receivedAt, Long offset, Sha256 checksum,
                  Long size, JsonNode meta, Integer part, Integer parts) {
    }

    public static byte[] encode(CommandRecord record) {
        Command command = record.command();
        Long offset = null;
        Long size = null;
        Sha256 checksum = null;
        JsonNode meta = null;
        ByteBuffer payload = ByteBuffer.allocate(0);
        switch (command.kind()) {
            case SEGMENT -> {
                Segment segment = (Segment) command;
                offset = segment.offset();
                checksum = segment.checksum();
                payload = segment.payload().duplicate();
            }
            case FIN -> {
                Fin fin = (Fin) command;
                size = fin.size();
                checksum = fin.checksum();
            }
            case INIT -> meta = Json.MAPPER.valueToTree(((Init) command).meta());
            case ABORT, STATUS -> {
            }
        }
        Header header = new Header(command.kind().name().toLowerCase(Locale.ROOT), command.fileId(),
                record.replyTo(), record.receivedAt(), offset, checksum, size, meta,
                record.parts() > 1 ? record.part() : null, record.parts() > 1 ? record.parts() : null);
        byte[] headerJson = Json.write(header);
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + headerJson.length + payload.remaining());
        out.put(VERSION).putInt(headerJson.length).put(headerJson).put(payload);
        return out.array();
    }

    public static CommandRecord decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        if (value.length < 5 || in.get() != VERSION) {
            throw new IllegalArgumentException("not a Ferry command record");
        }
        int headerLength = in.getInt();
        if (headerLength < 0 || headerLength > in.remaining()) {
            throw new IllegalArgumentException("corrupt command record header length " + headerLength);
        }
        Header header;
        try {
            header = Json.MAPPER.readValue(value, 5, headerLength, Header.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("corrupt command record header", e);
        }
        ByteBuffer payload = ByteBuffer.wrap(value, 5 + headerLength, value.length - 5 - headerLength).slice();
        Command command = switch (CommandKind.valueOf(header.kind().toUpperCase(Locale.ROOT))) {
            case INIT -> new Init(header.fileId(), Json.MAPPER.convertValue(header.meta(), FileMeta.class));
            case SEGMENT -> new Segment(header.fileId(), header.offset(), header.checksum(), payload);
            case FIN -> new Fin(header.fileId(), header.size(), header.checksum());
            case ABORT -> new Abort(header.fileId());
            case STATUS -> new Status(header.fileId());
        };
        int parts = header.parts() == null ? 1 : header.parts();
        int part = header.part() == null ? 0 : header.part();
        return new CommandRecord(header.replyTo(), header.receivedAt(), command, part, parts);
    }
}
