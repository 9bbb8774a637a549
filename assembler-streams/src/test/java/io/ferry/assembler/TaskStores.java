package io.ferry.assembler;

import io.ferry.records.FerrySerdes;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * For unit tests of one assembler class: the assembler's stores in memory (same serdes as {@link TransferStore})
 * behind Kafka Streams' own MockProcessorContext, which also captures what {@link Outputs} forwards.
 */
final class TaskStores {
    final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    final TransferStore store;
    final Outputs out = new Outputs(context);

    TaskStores() {
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TransferStore.TRANSFERS),
                FerrySerdes.transferIds(), FerrySerdes.versioned(TransferStore.TRANSFER_FORMAT))
                .withLoggingDisabled().build());
        for (String bytes : List.of(TransferStore.SEGMENTS, TransferStore.TIMERS, TransferStore.CLIENT_USAGE)) {
            add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(bytes), Serdes.Bytes(), Serdes.ByteArray())
                    .withLoggingDisabled().build());
        }
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TransferStore.CLIENTS), Serdes.String(),
                FerrySerdes.json(ClientUsage.class)).withLoggingDisabled().build());
        store = new TransferStore(context, (clientId, usage) -> { });
    }

    private void add(StateStore stateStore) {
        stateStore.init(context.getStateStoreContext(), stateStore);
        context.addStateStore(stateStore);
    }

    /** The records forwarded to {@code sink} (an {@link Outputs} constant), oldest first. */
    List<Record<?, ?>> forwarded(String sink) {
        return context.forwarded(sink).stream().<Record<?, ?>>map(MockProcessorContext.CapturedForward::record)
                .toList();
    }

    /** Every timer in the store, earliest first. */
    List<Timer> timers() {
        return store.dueTimers(Long.MAX_VALUE, Integer.MAX_VALUE);
    }
}
