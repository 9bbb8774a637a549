package io.ferry.system.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.protocol.Reason;
import io.ferry.protocol.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A correct upload sent in between the fuzz: init, segments of varying size in random order with some repeated
 * and some carrying checksums, then fin. Every command must succeed and the exported file must be byte-exact.
 */
record ValidUpload(String fileId, String name, byte[] file, List<FuzzCommand> commands) {
    static Arbitrary<ValidUpload> uploads() {
        return Combinators.combine(Arbitraries.of(FuzzArbitraries.FILE_IDS), Arbitraries.of(FuzzArbitraries.NAMES),
                Arbitraries.integers().between(0, 256 * 1024), Arbitraries.integers().between(4 * 1024, 64 * 1024),
                Arbitraries.longs()).as(ValidUpload::build);
    }

    static ValidUpload build(String fileId, String name, int size, int maxSegment, long seed) {
        Random random = new Random(seed);
        // One prefix per upload, as clients do: the broker keeps order per prefix, not across the two.
        String prefix = random.nextBoolean() ? "$file/" : "$file-async/";
        byte[] file = new byte[size];
        random.nextBytes(file);
        String sha = Sha256.digest(file).hex();
        List<FuzzCommand> segments = new ArrayList<>();
        for (int offset = 0; offset < size; ) {
            int length = Math.min(size - offset, 1 + random.nextInt(maxSegment));
            byte[] bytes = Arrays.copyOfRange(file, offset, offset + length);
            String checksum = random.nextBoolean() ? "/" + Sha256.digest(bytes).hex() : "";
            segments.add(success(prefix + fileId + "/" + offset + checksum, bytes));
            offset += length;
        }
        int repeats = segments.isEmpty() ? 0 : random.nextInt(Math.min(4, segments.size() + 1));
        for (int i = 0; i < repeats; i++) {
            segments.add(segments.get(random.nextInt(segments.size())));
        }
        Collections.shuffle(segments, random);
        List<FuzzCommand> commands = new ArrayList<>();
        String meta = "{\"name\":" + FuzzArbitraries.jsonString(name) + ",\"size\":" + size
                + (random.nextBoolean() ? ",\"checksum\":\"" + sha + "\"" : "") + "}";
        commands.add(success(prefix + fileId + "/init", meta.getBytes(UTF_8)));
        commands.addAll(segments);
        commands.add(success(prefix + fileId + "/fin/" + size + (random.nextBoolean() ? "/" + sha : ""),
                new byte[0]));
        return new ValidUpload(fileId, name, file, commands);
    }

    private static FuzzCommand success(String topic, byte[] payload) {
        return FuzzCommand.expecting(topic, payload, Reason.SUCCESS).on(CommandFuzzIT.DEVICES);
    }

    @Override
    public String toString() {
        return "ValidUpload[fileId=" + fileId + ", name=" + name + ", size=" + file.length + ", commands="
                + commands.size() + "]";
    }
}
