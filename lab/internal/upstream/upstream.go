// Package upstream runs a tiny weather API on loopback for the lab's HTTP-client apps to call.
package upstream

import (
	"context"
	"fmt"
	"net"
	"net/http"
)

// Start serves GET /weather/{city} on 127.0.0.1:0 until ctx ends and returns its base URL.
func Start(ctx context.Context) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /weather/{city}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"city":%q,"tempC":21.5,"sky":"clear"}`, r.PathValue("city"))
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	return "http://" + ln.Addr().String(), nil
}
