package stdwebhooks

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// The example the Standard Webhooks reference libraries sign in their own tests.
const (
	vectorSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTimestamp = 1614265330
	vectorBody      = `{"test": 2432232314}`
	vectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func vectorHeader(signature string) http.Header {
	h := http.Header{}
	h.Set("webhook-id", vectorID)
	h.Set("webhook-timestamp", "1614265330")
	h.Set("webhook-signature", signature)
	return h
}

func TestSignMatchesThePublishedVector(t *testing.T) {
	key, err := Key(vectorSecret)
	if err != nil {
		t.Fatal(err)
	}
	if got := Sign(key, vectorID, vectorTimestamp, []byte(vectorBody)); got != vectorSignature {
		t.Fatalf("Sign = %s, want %s", got, vectorSignature)
	}
}

func TestVerify(t *testing.T) {
	at := time.Unix(vectorTimestamp, 0)
	other := "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
	cases := []struct {
		name    string
		header  http.Header
		body    string
		secret  string
		now     time.Time
		wantErr string
	}{
		{"the vector verifies", vectorHeader(vectorSignature), vectorBody, vectorSecret, at, ""},
		{"one of several entries matches (rotation)", vectorHeader(other + " v1a,abc " + vectorSignature),
			vectorBody, vectorSecret, at, ""},
		{"a secret without its prefix", vectorHeader(vectorSignature), vectorBody,
			strings.TrimPrefix(vectorSecret, SecretPrefix), at, ""},
		{"tampered body", vectorHeader(vectorSignature), `{"test": 2432232315}`, vectorSecret, at,
			"no v1 signature matches"},
		{"wrong signature", vectorHeader(other), vectorBody, vectorSecret, at, "no v1 signature matches"},
		{"a v2 entry does not count", vectorHeader(strings.Replace(vectorSignature, "v1,", "v2,", 1)),
			vectorBody, vectorSecret, at, "no v1 signature matches"},
		{"replayed after the tolerance", vectorHeader(vectorSignature), vectorBody, vectorSecret,
			at.Add(5*time.Minute + time.Second), "older than"},
		{"from the future", vectorHeader(vectorSignature), vectorBody, vectorSecret,
			at.Add(-5*time.Minute - time.Second), "in the future"},
		{"missing id", func() http.Header { h := vectorHeader(vectorSignature); h.Del("webhook-id"); return h }(),
			vectorBody, vectorSecret, at, "missing"},
		{"bad timestamp", func() http.Header {
			h := vectorHeader(vectorSignature)
			h.Set("webhook-timestamp", "soon")
			return h
		}(), vectorBody, vectorSecret, at, "not unix seconds"},
		{"URL-safe secret is not standard base64", vectorHeader(vectorSignature), vectorBody, "whsec_a-b_", at,
			"standard base64"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Verify(c.secret, c.header, []byte(c.body), c.now, 5*time.Minute)
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case c.wantErr != "" && err == nil:
				t.Fatalf("verified, want an error containing %q", c.wantErr)
			case c.wantErr != "" && !strings.Contains(err.Error(), c.wantErr):
				t.Fatalf("error %q does not contain %q", err, c.wantErr)
			}
		})
	}
}
