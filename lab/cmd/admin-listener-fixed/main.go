// Command admin-listener-fixed is a Leakscan lab app; see server.go and lab/catalog.json for what it does and leaks.
package main

import (
	"flag"
	"log"

	"github.com/leakscan/lab/internal/serve"
)

func main() {
	addr := serve.Addr()
	adminAddr := serve.AdminAddr()
	flag.Parse()
	ctx, stop := serve.SignalContext()
	defer stop()
	if err := serve.RunWithAdmin(ctx, *addr, newServer(ctx), *adminAddr, newAdmin(ctx)); err != nil {
		log.Fatal(err)
	}
}
