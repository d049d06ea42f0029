/**
 * Who may call the service and how much: tenants, their API keys (stored only as SHA-256) with roles and expiry, the
 * admin key, per-tenant quotas, and the request filter and interceptor that bind each {@code /api/} call to a tenant
 * key's role or to the admin.
 */
package io.leakscan.tenant;
