package io.ferry.assembler;

import io.ferry.records.FerrySerdes;
import io.ferry.records.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;

/** The assembler topology; {@link Assembler}, the standalone and the tests all build it here. */
public final class AssemblerTopology {
    static final String COMMANDS_SOURCE = "commands-source";
    static final String EXPORTED_SOURCE = "exported-source";
    static final String FILES_SOURCE = "files-source";
    static final String PROCESSOR = "assembler";
    static final String USAGE_SOURCE = "usage-source";
    static final String USAGE_MIRROR = "usage-mirror";

    private AssemblerTopology() {
    }

    public static Topology build(Topics topics, AssemblerOptions options) {
        return build(topics, options, AssemblerMetrics.none());
    }

    static Topology build(Topics topics, AssemblerOptions options, AssemblerMetrics metrics) {
        Topology topology = new Topology();
        topology.addSource(COMMANDS_SOURCE, FerrySerdes.transferIds().deserializer(),
                FerrySerdes.commands().deserializer(), topics.commands());
        topology.addSource(EXPORTED_SOURCE, FerrySerdes.transferIds().deserializer(),
                FerrySerdes.outcomes().deserializer(), topics.exported());
        // ferry.files only for its tombstones (deletes): values stay undecoded bytes.
        topology.addSource(FILES_SOURCE, FerrySerdes.transferIds().deserializer(),
                Serdes.ByteArray().deserializer(), topics.files());
        topology.addProcessor(PROCESSOR, () -> new AssemblerProcessor(options, topics.files(), metrics), COMMANDS_SOURCE,
                EXPORTED_SOURCE, FILES_SOURCE);
        for (StoreBuilder<?> store : TransferStore.builders()) {
            topology.addStateStore(store, PROCESSOR);
        }
        topology.addSink(Outputs.RESPONSES, topics.responses(), Serdes.String().serializer(),
                FerrySerdes.responses().serializer(), PROCESSOR);
        topology.addSink(Outputs.READY, topics.ready(), FerrySerdes.transferIds().serializer(),
                FerrySerdes.manifests().serializer(), PROCESSOR);
        topology.addSink(Outputs.TRANSFERS, topics.transfers(), FerrySerdes.transferIds().serializer(),
                FerrySerdes.snapshots().serializer(), PROCESSOR);
        topology.addSink(Outputs.USAGE, topics.usage(), Serdes.ByteArray().serializer(),
                FerrySerdes.usage().serializer(), PROCESSOR);
        topology.addGlobalStore(TransferStore.clientUsageBuilder(), USAGE_SOURCE, Serdes.Bytes().deserializer(),
                Serdes.ByteArray().deserializer(), topics.usage(), USAGE_MIRROR, UsageMirror::new);
        topology.addSink(Outputs.EVENTS, topics.events(), FerrySerdes.transferIds().serializer(),
                FerrySerdes.events().serializer(), PROCESSOR);
        return topology;
    }
}
