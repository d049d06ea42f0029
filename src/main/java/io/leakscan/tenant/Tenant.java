package io.leakscan.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A customer: owns API keys and scans, and the secret its webhook callbacks are signed with. */
@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    private UUID id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "callback_secret", nullable = false, length = 200)
    private String callbackSecret;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Tenant() {
    }

    Tenant(UUID id, String name, String callbackSecret, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.callbackSecret = callbackSecret;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    /** HMAC key for signing this tenant's webhook deliveries. */
    public String getCallbackSecret() {
        return callbackSecret;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
