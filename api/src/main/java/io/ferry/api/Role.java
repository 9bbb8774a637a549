package io.ferry.api;

import io.javalin.security.RouteRole;

/** What a route requires. Routes registered without a role are public. */
enum Role implements RouteRole {
    /** A read or admin token. */
    READ,
    /** The admin token. */
    ADMIN,
    /** A read or admin token, or a valid signed download link for exactly this file. */
    DOWNLOAD,
    /** Public when {@code ferry.api.metrics.public=true}, else like {@link #READ}. */
    METRICS
}
