package io.ferry.config;

/** Checks one parsed setting value; small classes in {@link Validators}. */
public interface Validator<T> {
    /** Null when {@code value} is fine, else what is wrong with it (the caller prefixes the key). */
    String check(T value);

    /** The rule for the documentation, e.g. {@code 0..65535}; empty when there is nothing to say. */
    String describe();
}
