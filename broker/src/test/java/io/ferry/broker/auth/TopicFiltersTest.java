package io.ferry.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicFiltersTest {
    @Test
    void shouldMatchTopicsAsMqttDoes() {
        assertThat(TopicFilters.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(TopicFilters.matches("a/#", "a")).isTrue();
        assertThat(TopicFilters.matches("a/#", "a/b/c")).isTrue();
        assertThat(TopicFilters.matches("a/+", "a/b/c")).isFalse();
        assertThat(TopicFilters.matches("a/b", "a/b/c")).isFalse();
        assertThat(TopicFilters.matches("+/b", "$x/b")).isFalse();
    }

    @Test
    void shouldCoverOnlyFiltersThatMatchNoMoreThanTheRule() {
        assertThat(TopicFilters.covers("a/#", "a/+/c")).isTrue();
        assertThat(TopicFilters.covers("a/+", "a/b")).isTrue();
        assertThat(TopicFilters.covers("a/+", "a/+")).isTrue();
        assertThat(TopicFilters.covers("a/+", "a/#")).isFalse();
        assertThat(TopicFilters.covers("a/b", "a/+")).isFalse();
        assertThat(TopicFilters.covers("a/+", "a/b/c")).isFalse();
    }

    @Test
    void shouldOverlapWhenSomeTopicMatchesBoth() {
        assertThat(TopicFilters.overlaps("secret/#", "+/x")).isTrue();
        assertThat(TopicFilters.overlaps("secret/#", "secret")).isTrue();
        assertThat(TopicFilters.overlaps("a/b", "a/+")).isTrue();
        assertThat(TopicFilters.overlaps("a/b", "c/+")).isFalse();
        assertThat(TopicFilters.overlaps("a/b", "a/b/c")).isFalse();
    }
}
