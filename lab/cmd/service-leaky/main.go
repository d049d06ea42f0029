// Command service-leaky is a Leakscan lab app; see server.go and lab/catalog.json for what it does and leaks.
package main

import (
	"flag"
	"log"

	"github.com/leakscan/lab/internal/serve"
)

func main() {
	addr := serve.Addr()
	flag.Parse()
	ctx, stop := serve.SignalContext()
	defer stop()
	if err := serve.Run(ctx, *addr, newServer(ctx)); err != nil {
		log.Fatal(err)
	}
}
