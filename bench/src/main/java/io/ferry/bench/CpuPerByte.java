package io.ferry.bench;

import io.ferry.protocol.CommandTopic;
import io.ferry.protocol.Mode;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import io.ferry.records.CommandRecord;
import io.ferry.records.CommandRecordCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.Random;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * The per-byte CPU costs of the server's hot loops on this JVM and CPU, as CPU time of this thread (not wall time,
 * so other load on the machine does not count): SHA-256 (segment check at ingest, whole-file digest at export),
 * Kafka's record CRC32C and value copy, and decoding a 1 MiB segment record as the assembler does. Run:
 * {@code java -cp "bench/target/ferry-bench.jar:bench/target/lib/*" io.ferry.bench.CpuPerByte [MiB]}
 * (docs/benchmarks.md "CPU per byte (issue 16)").
 */
final class CpuPerByte {
    private static final int MIB = 1024 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Written by every step, so the JIT cannot drop the work as unused. */
    private static long sink;

    private CpuPerByte() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        byte[] payload = new byte[MIB];
        new Random(16).nextBytes(payload);
        byte[] record = CommandRecordCodec.encode(new CommandRecord(new ReplyTo("bench", CommandTopic.of(Mode.SYNC, "f").segment(0, null).topic(), 1, null, null), 0,
                Segment.of("f", 0, Sha256.digest(payload), payload), 0, 1));
        MessageDigest sha = Sha256.newDigest();
        CRC32C crc = new CRC32C();
        for (int round = 0; round < 2; round++) { // the first round warms up the JIT
            String tag = round == 0 ? "warm-up " : "";
            report(tag + "SHA-256 (MessageDigest.update, 1 MiB)", mib, i -> sha.update(payload));
            report(tag + "CRC32C (Kafka check.crcs)", mib, i -> crc.update(payload));
            report(tag + "copy 1 MiB (consumer value to byte[])", mib, i -> copy(record));
            report(tag + "decode 1 MiB segment record (assembler)", mib, i -> decode(record));
        }
        System.out.println("intrinsics: run java -XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal -version"
                + " | grep SHA256");
    }

    private static void copy(byte[] record) {
        byte[] copy = new byte[record.length];
        System.arraycopy(record, 0, copy, 0, record.length);
        sink += copy[copy.length - 1];
    }

    private static void decode(byte[] record) {
        CommandRecord decoded = CommandRecordCodec.decode(record);
        sink += ((Segment) decoded.command()).offset();
    }

    private static void report(String what, int mib, LongConsumer step) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (long i = 0; i < mib; i++) {
            step.accept(i);
        }
        double seconds = (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
        System.out.printf("%-48s %8.0f MB/s  %7.3f ms CPU per MB%n", what, mib / seconds * MIB / 1e6,
                seconds * 1e3 / (mib * (double) MIB / 1e6));
    }
}
