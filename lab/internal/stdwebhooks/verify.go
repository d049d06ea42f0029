// Package stdwebhooks verifies webhook deliveries the way the Standard Webhooks specification (1.0.0) tells a
// receiver to, written from the specification's text rather than from Leakscan's Java code, so that it can check
// what the service actually sends.
package stdwebhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SecretPrefix marks a symmetric signing secret; the rest is the base64-encoded key.
const SecretPrefix = "whsec_"

// Key decodes a whsec_ secret into the HMAC key (standard base64, as the specification serializes secrets).
func Key(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, SecretPrefix))
	if err != nil {
		return nil, fmt.Errorf("secret is not whsec_ followed by standard base64: %w", err)
	}
	return key, nil
}

// Sign returns the "v1,<base64>" signature of body for the given message id and timestamp.
func Sign(key []byte, msgID string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", msgID, timestamp)
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Verify checks the webhook-id, webhook-timestamp and webhook-signature headers against the raw body: the timestamp
// must be within tolerance of now, and at least one v1 entry of the space-delimited signature list must match
// (compared in constant time). Entries of other versions (v1a, v2, ...) are skipped, as the specification allows.
func Verify(secret string, header http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	key, err := Key(secret)
	if err != nil {
		return err
	}
	msgID := header.Get("webhook-id")
	rawTimestamp := header.Get("webhook-timestamp")
	signatures := header.Get("webhook-signature")
	if msgID == "" || rawTimestamp == "" || signatures == "" {
		return errors.New("missing webhook-id, webhook-timestamp or webhook-signature header")
	}
	timestamp, err := strconv.ParseInt(rawTimestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("webhook-timestamp %q is not unix seconds", rawTimestamp)
	}
	sent := time.Unix(timestamp, 0)
	if now.Sub(sent) > tolerance {
		return fmt.Errorf("webhook-timestamp %d is older than %s", timestamp, tolerance)
	}
	if sent.Sub(now) > tolerance {
		return fmt.Errorf("webhook-timestamp %d is more than %s in the future", timestamp, tolerance)
	}
	want := []byte(Sign(key, msgID, timestamp, body))
	for _, candidate := range strings.Split(signatures, " ") {
		version, _, ok := strings.Cut(candidate, ",")
		if !ok || version != "v1" {
			continue
		}
		if hmac.Equal([]byte(candidate), want) {
			return nil
		}
	}
	return errors.New("no v1 signature matches")
}
