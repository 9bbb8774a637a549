package io.ferry.system;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/** What Kafka says about a consumer group (Streams' too): who owns which partitions. */
final class Groups {
    private Groups() {
    }

    /** For each member whose client id starts with a given name: the partitions of {@code topic} it owns. */
    static Map<String, Set<Integer>> owners(Admin admin, String groupId, String topic, List<String> names)
            throws ExecutionException, InterruptedException {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                .get(groupId).get();
        Map<String, Set<Integer>> owners = new HashMap<>();
        for (String name : names) {
            owners.put(name, new HashSet<>());
        }
        for (MemberDescription member : group.members()) {
            for (String name : names) {
                if (member.clientId().equals(name) || member.clientId().startsWith(name + "-")) {
                    owners.get(name).addAll(member.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition)
                            .collect(Collectors.toSet()));
                }
            }
        }
        return owners;
    }

    /** Whether every named member owns at least one partition of {@code topic}, and together they own all. */
    static boolean spreadOver(Admin admin, String groupId, String topic, int partitions, List<String> names)
            throws ExecutionException, InterruptedException {
        Map<String, Set<Integer>> owners = owners(admin, groupId, topic, names);
        Set<Integer> all = new HashSet<>();
        owners.values().forEach(all::addAll);
        return owners.values().stream().noneMatch(Set::isEmpty) && all.size() == partitions;
    }

    /** The partition Kafka's default partitioner picks for these key bytes (as each broker node's producer does). */
    static int partitionOf(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }
}
