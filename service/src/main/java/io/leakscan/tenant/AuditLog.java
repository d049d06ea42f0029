package io.leakscan.tenant;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Records security-relevant actions of a tenant with who did them. {@link #record} joins the caller's transaction, so
 * an action that rolls back leaves no entry; {@link #recordRefusal} commits on its own, because a refusal is the
 * rollback.
 */
@Component
public class AuditLog {

    /** The request attribute naming the API key behind a request ({@code key lsk_AbCd…}). */
    public static final String ACTOR_ATTRIBUTE = "io.leakscan.tenant.actor";

    /** One entry, as the API shows it. */
    public record Entry(long id, Instant at, String actor, String action, String subject, String detail) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate alone;

    AuditLog(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.alone = new TransactionTemplate(transactions);
        this.alone.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public void record(UUID tenant, AuditAction action, Object subject, String detail) {
        insert(tenant, action, subject, detail);
    }

    /** For a refusal: the entry stays although the transaction that refused rolls back. */
    public void recordRefusal(UUID tenant, AuditAction action, Object subject, String detail) {
        alone.executeWithoutResult(s -> insert(tenant, action, subject, detail));
    }

    /** The tenant's entries newer first, below {@code before} (an entry id) when given. */
    public List<Entry> list(UUID tenant, Long before, int limit) {
        return jdbc.sql("""
                        SELECT id, at, actor, action, subject, detail FROM audit_events
                        WHERE tenant_id = :tenant AND (CAST(:before AS bigint) IS NULL OR id < :before)
                        ORDER BY id DESC LIMIT :limit""")
                .param("tenant", tenant).param("before", before).param("limit", limit)
                .query((rs, n) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("subject"),
                        rs.getString("detail")))
                .list();
    }

    private void insert(UUID tenant, AuditAction action, Object subject, String detail) {
        jdbc.sql("INSERT INTO audit_events (tenant_id, at, actor, action, subject, detail) "
                        + "VALUES (:tenant, :at, :actor, :action, :subject, :detail)")
                .param("tenant", tenant).param("at", clock.instant().atOffset(ZoneOffset.UTC))
                .param("actor", actor()).param("action", action.wire())
                .param("subject", subject == null ? null : truncate(subject.toString(), 300))
                .param("detail", detail == null ? null : truncate(detail, 1000))
                .update();
    }

    /** Who is acting: the API key or operator of the current request, the dashboard, or the service itself. */
    private static String actor() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
                || attributes.getRequest().getRequestURI().isEmpty()) {
            return "leakscan";
        }
        HttpServletRequest request = attributes.getRequest();
        if (request.getAttribute(ACTOR_ATTRIBUTE) instanceof String actor) {
            return actor;
        }
        if (Boolean.TRUE.equals(request.getAttribute(Tenants.ADMIN_ATTRIBUTE))) {
            return "operator";
        }
        return request.getRequestURI().startsWith("/api/") ? "api" : "dashboard";
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
