/**
 * Who may call the service: tenants, their API keys (stored only as SHA-256), the admin key, and the request
 * filter and interceptor that bind each {@code /api/} call to a tenant or to the admin.
 */
package io.leakscan.tenant;
