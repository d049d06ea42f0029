/**
 * What every module of the service shares: the RFC 9457 error shape, API input limits, the clock, the OpenAPI
 * description and the embedded PostgreSQL used when no database is configured.
 */
package io.leakscan.system;
