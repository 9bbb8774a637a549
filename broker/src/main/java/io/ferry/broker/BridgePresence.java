package io.ferry.broker;

import com.hivemq.extension.sdk.api.services.session.ClientService;
import com.hivemq.extension.sdk.api.services.subscription.SubscriptionStore;
import com.hivemq.extension.sdk.api.services.subscription.SubscriptionType;
import io.ferry.protocol.Mode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks HiveMQ which bridges can take commands right now: per prefix, whether a <em>connected</em> client holds a
 * shared subscription that matches it (only bridges may hold one, see {@link AccessRules}).
 */
final class BridgePresence {
    /** A command topic no device can be refused by; only used to match subscriptions. */
    private static final String PROBE = "ferry-presence-probe/init";

    /** @param anySubscription whether any session, connected or not, still holds a bridge subscription */
    record Result(Set<Mode> connected, boolean anySubscription) {
    }

    private final SubscriptionStore subscriptions;
    private final ClientService clients;

    BridgePresence(SubscriptionStore subscriptions, ClientService clients) {
        this.subscriptions = subscriptions;
        this.clients = clients;
    }

    CompletableFuture<Result> check() {
        List<CompletableFuture<Set<String>>> perMode = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            perMode.add(subscribers(mode.prefix() + PROBE));
        }
        return CompletableFuture.allOf(perMode.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            Set<String> everyone = ConcurrentHashMap.newKeySet();
            perMode.forEach(future -> everyone.addAll(future.join()));
            Set<String> connected = ConcurrentHashMap.newKeySet();
            CompletableFuture<?>[] lookups = everyone.stream()
                    .map(clientId -> clients.isClientConnected(clientId).thenAccept(isConnected -> {
                        if (isConnected) {
                            connected.add(clientId);
                        }
                    }))
                    .toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(lookups).thenApply(done -> {
                Set<Mode> modes = EnumSet.noneOf(Mode.class);
                for (Mode mode : Mode.values()) {
                    if (perMode.get(mode.ordinal()).join().stream().anyMatch(connected::contains)) {
                        modes.add(mode);
                    }
                }
                return new Result(modes, !everyone.isEmpty());
            });
        });
    }

    private CompletableFuture<Set<String>> subscribers(String topic) {
        Set<String> clientIds = ConcurrentHashMap.newKeySet();
        return subscriptions.iterateAllSubscribersForTopic(topic, SubscriptionType.SHARED,
                (context, subscriber) -> clientIds.add(subscriber.getClientId()))
                .thenApply(done -> clientIds);
    }
}
