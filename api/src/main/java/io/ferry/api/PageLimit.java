package io.ferry.api;

import io.javalin.http.Context;

/**
 * A list endpoint's {@code limit} query parameter: {@code byDefault} when absent, else 1 to {@code max}; anything
 * else is a 400 naming the parameter ({@link Params#integer}).
 */
record PageLimit(int byDefault, int max) {
    PageLimit {
        if (byDefault < 1 || byDefault > max) {
            throw new IllegalArgumentException("byDefault must be 1.." + max + ": " + byDefault);
        }
    }

    int read(Context ctx) {
        return Params.integer(ctx, "limit", byDefault, 1, max);
    }
}
