// Command webhook-verify checks one received webhook against its secret per the Standard Webhooks specification:
//
//	webhook-verify -secret whsec_... -id ID -timestamp SECONDS -signature 'v1,... v1,...' -body body.json
//
// It prints "ok" and exits 0 when a signature matches, or prints the reason on stderr and exits 1.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/leakscan/lab/internal/stdwebhooks"
)

func main() {
	secret := flag.String("secret", "", "the whsec_ signing secret")
	id := flag.String("id", "", "the webhook-id header")
	timestamp := flag.String("timestamp", "", "the webhook-timestamp header")
	signature := flag.String("signature", "", "the webhook-signature header")
	bodyFile := flag.String("body", "", "a file holding the raw request body")
	tolerance := flag.Duration("tolerance", 5*time.Minute, "how far the timestamp may be from now")
	flag.Parse()
	if *secret == "" || *bodyFile == "" {
		fmt.Fprintln(os.Stderr, "webhook-verify: -secret and -body are required")
		os.Exit(2)
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "webhook-verify:", err)
		os.Exit(2)
	}
	header := http.Header{}
	header.Set("webhook-id", *id)
	header.Set("webhook-timestamp", *timestamp)
	header.Set("webhook-signature", *signature)
	if err := stdwebhooks.Verify(*secret, header, body, time.Now(), *tolerance); err != nil {
		fmt.Fprintln(os.Stderr, "webhook-verify:", err)
		os.Exit(1)
	}
	fmt.Println("ok")
}
