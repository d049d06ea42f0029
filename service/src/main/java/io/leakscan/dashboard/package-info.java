/**
 * The web dashboard at {@code /}: server-rendered Thymeleaf pages with htmx for the parts that update while a scan
 * runs and uPlot for the telemetry charts, all served by the application (no CDN).
 *
 * <p>Sign-in is with a tenant's API key; the dashboard then keeps the tenant in the servlet session (an HttpOnly,
 * SameSite=Lax cookie) and protects every unsafe request with a per-session synchronizer token
 * ({@link io.leakscan.dashboard.DashboardAccess}). The {@code /api/**} paths are not touched: they stay with the
 * API-key filter.
 */
package io.leakscan.dashboard;
