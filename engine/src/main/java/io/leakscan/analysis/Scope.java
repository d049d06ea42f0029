package io.leakscan.analysis;

/** Where in an Echo application the leak lives. */
public enum Scope {
    /** One route's handler. */
    HANDLER,
    /** Middleware of a route group ({@code e.Group("/admin", mw)}): routes sharing a prefix. */
    ROUTE_GROUP,
    /** Middleware on every route ({@code e.Use}). */
    MIDDLEWARE,
    /** The application as a whole, not tied to a route. */
    APPLICATION
}
