// Command errpath-leaky is a Leakscan lab app; see server.go and lab/catalog.json for what it does and leaks.
package main

import "github.com/leakscan/lab/internal/serve"

func main() { serve.Main(newServer) }
