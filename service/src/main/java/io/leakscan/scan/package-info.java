/**
 * Scans as a service: the API that accepts, lists and cancels them, the database-backed queue and the workers on
 * every node that run the engine, and the samples, findings and reports each scan stores.
 */
package io.leakscan.scan;
