package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.records.CommandRecord;
import io.ferry.records.ResponseRecord;
import java.util.List;

/** What the ingress does with one incoming command; see {@link CommandMapper}. */
sealed interface Outcome {
    /** Accepted: write these records (one, or a split segment's parts in order) to the commands topic. */
    record Forward(List<CommandRecord> records) implements Outcome {
        public Forward {
            records = List.copyOf(records);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("records must not be empty");
            }
        }
    }

    /** Refused by a stateless check: answer the device with this response; nothing goes to the commands topic. */
    record Reject(ResponseRecord response) implements Outcome {
        public Reject {
            requireNonNull(response, "response");
        }
    }
}
