package io.ferry.system.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.protocol.Reason;
import io.ferry.protocol.Sha256;
import io.ferry.system.fuzz.FuzzCommand.ReplyVia;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random commands: mostly protocol-shaped ones on a small pool of fileIds (so they meet each other's state), plus
 * every kind of bad input with the reason Ferry must give. Payloads are small except for a rare segment at or
 * just above the ingress's limit.
 */
final class FuzzArbitraries {
    /** Ids that are hostile as path levels or look alike; all are legal MQTT topic levels. */
    static final List<String> FILE_IDS = List.of("f0", "f1", "f2", "f3", "..", ".", "%2e%2e", "%2E%2E", "a\\b",
            "..\\..", "C:", "x:y", "ü", "u\u0308", "\uD83D\uDE00", "\u2024\u2024", "\uFF0E\uFF0E", "\u202Etxt.exe",
            " ", "%", "%25", "$file", "init", "fin", "0");
    static final List<String> NAMES = List.of("a.bin", "...", "..a", "%2e%2e", "\u2024\u2024", "\uFF0E\uFF0E", "CON",
            "ü.txt", "\uD83D\uDE00", " x ", "a\u202Etxt.exe", "\"quoted\".txt", "<b>.html", "x".repeat(240));
    static final List<String> BAD_NAMES = List.of("", ".", "..", "a/b", "../x", "/etc/passwd", "a\\b",
            "..\\x", "C:x", "a\u0000b", "a\u0001b", "a\u007Fb", "a\nb", "x".repeat(241), "\u00E9".repeat(121));
    private static final String[] PREFIXES = {"$file/", "$file-async/"};
    private static final long TIB = 1L << 40;

    private FuzzArbitraries() {
    }

    static Arbitrary<FuzzCommand> commands() {
        Arbitrary<FuzzCommand> base = Arbitraries.frequencyOf(
                Tuple.of(450, protocolShaped()),
                Tuple.of(150, badTopic()),
                Tuple.of(100, badChecksum()),
                Tuple.of(150, badInit()),
                Tuple.of(20, rootTopic()),
                Tuple.of(2, huge()));
        Arbitrary<Integer> qos = Arbitraries.frequency(Tuple.of(96, 1), Tuple.of(2, 0), Tuple.of(2, 2));
        Arbitrary<ReplyVia> via = Arbitraries.frequency(Tuple.of(88, ReplyVia.DEFAULT), Tuple.of(6, ReplyVia.OWN_TOPIC),
                Tuple.of(3, ReplyVia.OTHER_CLIENTS_TOPIC), Tuple.of(3, ReplyVia.COMMAND_TOPIC));
        Arbitrary<Boolean> spoof = Arbitraries.frequency(Tuple.of(90, false), Tuple.of(10, true));
        Arbitrary<Integer> device = Arbitraries.integers().between(0, CommandFuzzIT.DEVICES - 1);
        return Combinators.combine(base, qos, via, spoof, device).as((command, q, v, s, d) -> {
            return command.on(d).replyingVia(v).spoofing(s).withQos(q);
        });
    }

    /** Well-formed commands on shared fileIds: their answers depend on the transfer's state. */
    static Arbitrary<FuzzCommand> protocolShaped() {
        Arbitrary<String> prefix = Arbitraries.of(PREFIXES);
        Arbitrary<String> fileId = Arbitraries.of(FILE_IDS);
        Arbitrary<FuzzCommand> init = Combinators.combine(prefix, fileId, meta()).as((p, f, m) ->
                FuzzCommand.expecting(p + f + "/init", m, Reason.SUCCESS, Reason.FILEMETA_CONFLICT,
                        Reason.QUOTA_EXCEEDED));
        Arbitrary<FuzzCommand> segment = Combinators.combine(prefix, fileId, offsets(), smallPayload(),
                Arbitraries.of(true, false)).as((p, f, offset, bytes, withSha) ->
                FuzzCommand.expecting(p + f + "/" + offset + (withSha ? "/" + Sha256.digest(bytes).hex() : ""),
                        bytes, Reason.SUCCESS, Reason.QUOTA_EXCEEDED, Reason.INVALID_OFFSET,
                        Reason.TRANSFER_LIMIT_EXCEEDED));
        Arbitrary<FuzzCommand> fin = Combinators.combine(prefix, fileId, sizes(), Arbitraries.of(true, false),
                smallPayload()).as((p, f, size, withSha, bytes) ->
                FuzzCommand.anyAnswer(p + f + "/fin/" + size + (withSha ? "/" + Sha256.digest(bytes).hex() : ""),
                        bytes));
        Arbitrary<FuzzCommand> abort = Combinators.combine(prefix, fileId, smallPayload()).as((p, f, bytes) ->
                // an abort after (or racing) the export of that fileId loses; while it waits, another abort of the
                // same fileId is told to retry: docs/protocol.md §4
                FuzzCommand.expecting(p + f + "/abort", bytes, Reason.SUCCESS, Reason.ALREADY_EXPORTED,
                        Reason.QUOTA_EXCEEDED));
        Arbitrary<FuzzCommand> status = Combinators.combine(prefix, fileId, smallPayload()).as((p, f, bytes) ->
                FuzzCommand.expecting(p + f + "/status", bytes, Reason.SUCCESS));
        return Arbitraries.frequencyOf(Tuple.of(15, init), Tuple.of(50, segment), Tuple.of(15, fin),
                Tuple.of(5, abort), Tuple.of(15, status));
    }

    /** Topics that break the grammar, each with the one reason EMQX's grammar gives them. */
    static Arbitrary<FuzzCommand> badTopic() {
        Arbitrary<String> prefix = Arbitraries.of(PREFIXES);
        Arbitrary<String> fileId = Arbitraries.of(FILE_IDS);
        Arbitrary<String> badNumber = Arbitraries.of("-1", "1.5", "0x10", "1e3", " 1", "1 ", "", "\uFF11",
                "\u0661", "99999999999999999999", "9223372036854775808", "NaN", "-0", "fin", "init ");
        Arbitrary<String> badHex = Arbitraries.of("", "0", "zz", "g".repeat(64), "a".repeat(63), "a".repeat(65),
                "A".repeat(63) + "\u00C4", "0x" + "a".repeat(62));
        Arbitrary<String> hex = smallPayload().map(bytes -> Sha256.digest(bytes).hex());
        Arbitrary<byte[]> payload = smallPayload();
        return Arbitraries.oneOf(
                Combinators.combine(prefix, payload).as((p, bytes) ->
                        FuzzCommand.expecting(p, bytes, Reason.INVALID_FILEID)),
                Combinators.combine(prefix, Arbitraries.of("init", "0", "fin/0", "abort", "status"), payload)
                        .as((p, rest, bytes) -> FuzzCommand.expecting(p + "/" + rest, bytes, Reason.INVALID_FILEID)),
                Combinators.combine(prefix, fileId, payload).as((p, f, bytes) ->
                        FuzzCommand.expecting(p + f, bytes, Reason.INVALID_FILE_COMMAND)),
                Combinators.combine(prefix, fileId, Arbitraries.of("a/b/c", "0/1/2", "init/x/y", "fin/1/2/3",
                        "0/" + "a".repeat(64) + "/x", "a/b/c/d/e/f", "status/x/y", "//"), payload)
                        .as((p, f, rest, bytes) -> FuzzCommand.expecting(p + f + "/" + rest, bytes,
                                Reason.INVALID_FILE_COMMAND)),
                Combinators.combine(prefix, fileId, badNumber, payload).as((p, f, n, bytes) ->
                        FuzzCommand.expecting(p + f + "/" + n, bytes, Reason.INVALID_OFFSET)),
                Combinators.combine(prefix, fileId, badNumber.filter(n -> !n.equals("fin")), hex, payload)
                        .as((p, f, n, h, bytes) ->
                                FuzzCommand.expecting(p + f + "/" + n + "/" + h, bytes, Reason.INVALID_OFFSET)),
                Combinators.combine(prefix, fileId, badHex, payload).as((p, f, h, bytes) ->
                        FuzzCommand.expecting(p + f + "/0/" + h, bytes, Reason.INVALID_CHECKSUM)),
                Combinators.combine(prefix, fileId, badNumber, payload).as((p, f, n, bytes) ->
                        FuzzCommand.expecting(p + f + "/fin/" + n, bytes, Reason.INVALID_SIZE)),
                Combinators.combine(prefix, fileId, badNumber, hex, payload).as((p, f, n, h, bytes) ->
                        FuzzCommand.expecting(p + f + "/fin/" + n + "/" + h, bytes, Reason.INVALID_SIZE)),
                Combinators.combine(prefix, fileId, badHex, payload).as((p, f, h, bytes) ->
                        FuzzCommand.expecting(p + f + "/fin/10/" + h, bytes, Reason.INVALID_CHECKSUM)));
    }

    /** A segment whose topic checksum belongs to other bytes. */
    static Arbitrary<FuzzCommand> badChecksum() {
        return Combinators.combine(Arbitraries.of(PREFIXES), Arbitraries.of(FILE_IDS),
                Arbitraries.longs().between(0, 100_000), smallPayload()).as((p, f, offset, bytes) -> {
                    byte[] other = Arrays.copyOf(bytes, bytes.length + 1);
                    return FuzzCommand.expecting(p + f + "/" + offset + "/" + Sha256.digest(other).hex(), bytes,
                            Reason.CHECKSUM_MISMATCH);
                });
    }

    /** Init payloads that are not valid file meta: garbage, wrong JSON, bad names, too large. */
    static Arbitrary<FuzzCommand> badInit() {
        Arbitrary<byte[]> garbage = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(512),
                Arbitraries.of("", "{", "}", "[]", "null", "1", "\"name\"", "{\"name\":", "{\"name\":\"a\"",
                        "{\"name\":\"a\",}", "{'name':'a'}", "{\"name\":\"a\"}{", "\uFEFF{\"name\":\"a\"}x",
                        "{\"name\":\"a\",\"size\":-1}", "{\"name\":\"a\",\"size\":1.5}",
                        "{\"name\":\"a\",\"size\":\"1e3\"}", "{\"name\":\"a\",\"size\":99999999999999999999}",
                        "{\"name\":\"a\",\"checksum\":\"abc\"}", "{\"name\":\"a\",\"segments_ttl\":0}",
                        "{\"name\":\"a\",\"expire_at\":-5}", "{\"name\":1}", "{\"name\":null}", "{\"size\":1}",
                        "{\"name\":\"a\",\"clientid\":\"victim\"}", "{\"name\":\"a\",\"client_id\":\"victim\"}",
                        "{\"name\":[\"a\"]}").map(s -> s.getBytes(UTF_8)),
                Arbitraries.of(BAD_NAMES).map(name -> ("{\"name\":" + jsonString(name) + "}").getBytes(UTF_8)),
                Arbitraries.integers().between(1_000, 5_000).map(depth ->
                        ("{\"name\":\"a\",\"user_data\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                                .getBytes(UTF_8)),
                Arbitraries.just(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'}),
                // Larger than the ingress's init limit (64 KiB by default) although otherwise valid.
                Arbitraries.integers().between(65 * 1024, 200 * 1024).map(size ->
                        ("{\"name\":\"big\",\"user_data\":\"" + "u".repeat(size) + "\"}").getBytes(UTF_8)));
        return Combinators.combine(Arbitraries.of(PREFIXES), Arbitraries.of(FILE_IDS), garbage).as((p, f, bytes) ->
                FuzzCommand.expecting(p + f + "/init", bytes, Reason.INVALID_FILEMETA_JSON, Reason.INVALID_FILEMETA));
    }

    /**
     * The bare roots {@code $file} and {@code $file-async}: no command by the grammar, yet on Ferry's roots, so the
     * ingress must answer them as invalid commands (with the publisher's identity, whatever it forged) and route them
     * to no subscriber.
     */
    static Arbitrary<FuzzCommand> rootTopic() {
        return Combinators.combine(Arbitraries.of("$file", "$file-async"), smallPayload()).as((topic, bytes) ->
                FuzzCommand.expecting(topic, bytes, Reason.INVALID_FILE_COMMAND));
    }

    /** A segment of exactly the ingress's limit, or just above it. */
    static Arbitrary<FuzzCommand> huge() {
        return Combinators.combine(Arbitraries.of(PREFIXES), Arbitraries.of("f0", "f1", "big"),
                Arbitraries.of(0, 1, 1024 * 1024 + 1), Arbitraries.longs().between(0, 1)).as((p, f, extra, seed) -> {
                    byte[] bytes = new byte[FuzzStack.MAX_SEGMENT_BYTES + extra];
                    new java.util.Random(seed).nextBytes(bytes);
                    String topic = p + f + "/" + (seed * FuzzStack.MAX_SEGMENT_BYTES);
                    return extra == 0
                            ? FuzzCommand.expecting(topic, bytes, Reason.SUCCESS, Reason.QUOTA_EXCEEDED)
                            : FuzzCommand.expecting(topic, bytes, Reason.SEGMENT_TOO_LARGE);
                });
    }

    static Arbitrary<byte[]> smallPayload() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just(new byte[0])),
                Tuple.of(60, Arbitraries.bytes().array(byte[].class).ofMaxSize(256)),
                Tuple.of(15, Arbitraries.bytes().array(byte[].class).ofMinSize(256).ofMaxSize(4096)),
                Tuple.of(5, Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(UTF_8))));
    }

    private static Arbitrary<Long> offsets() {
        return Arbitraries.frequencyOf(
                Tuple.of(70, Arbitraries.longs().between(0, 8_192)),
                Tuple.of(10, Arbitraries.of(0L, 1L, 256L, 4096L)),
                Tuple.of(10, Arbitraries.of(TIB - 1, TIB, 1L << 62, Long.MAX_VALUE, Long.MAX_VALUE - 1,
                        Long.MAX_VALUE - 255)),
                Tuple.of(10, Arbitraries.longs().between(0, Long.MAX_VALUE)));
    }

    private static Arbitrary<Long> sizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(80, Arbitraries.longs().between(0, 8_192)),
                Tuple.of(10, Arbitraries.of(0L, TIB, TIB + 1, Long.MAX_VALUE)),
                Tuple.of(10, Arbitraries.longs().between(0, Long.MAX_VALUE)));
    }

    /** Valid init JSON with random names, sizes, checksums, TTLs and user data. */
    private static Arbitrary<byte[]> meta() {
        Arbitrary<String> size = Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.just("")),
                Tuple.of(50, Arbitraries.longs().between(0, 8_192).map(n -> ",\"size\":" + n)),
                Tuple.of(10, Arbitraries.of(",\"size\":\"" + (TIB + 1) + "\"", ",\"size\":" + Long.MAX_VALUE,
                        ",\"size\":null")));
        Arbitrary<String> checksum = Arbitraries.frequencyOf(Tuple.of(70, Arbitraries.just("")),
                Tuple.of(30, smallPayload().map(b -> ",\"checksum\":\"" + Sha256.digest(b).hex().toUpperCase()
                        + "\"")));
        Arbitrary<String> extra = Arbitraries.of("", ",\"segments_ttl\":1", ",\"segments_ttl\":\"600\"",
                ",\"expire_at\":0", ",\"expire_at\":" + Long.MAX_VALUE, ",\"user_data\":{\"k\":[1,2,{\"x\":null}]}",
                ",\"user_data\":\"\\u0000\"", ",\"user_data\":null");
        return Combinators.combine(Arbitraries.of(NAMES), size, checksum, extra).as((name, s, c, e) ->
                ("{\"name\":" + jsonString(name) + s + c + e + "}").getBytes(UTF_8));
    }

    static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
