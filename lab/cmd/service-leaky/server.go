package main

import (
	"context"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/shop"
)

// reservationLatency is how long the warehouse takes to reserve an order's stock.
const reservationLatency = shop.ReservationLatency

// newServer is the 31-route shop service (shop.NewServer: validated JSON bodies, a bearer-token admin group, pprof
// and Prometheus, its swaggo description on /swagger/doc.json) with this app's two leaks: the stock reservation of
// POST /api/v1/orders (reserve) and the report archive of POST /api/v1/admin/reports. Both are only reachable with
// a valid JSON body (and, for reports, the admin token).
func newServer(_ context.Context) *echo.Echo {
	return shop.NewServer(reserve, &reportArchive{})
}

// reserve starts the order's stock reservation and returns the channel its answer arrives on.
// LEAK (GOROUTINE_LEAK, HANDLER): the result channel is unbuffered and the order handler stops listening after
// shop.ReservationWait, so the reservation goroutine, answered after reservationLatency, blocks on its send forever.
func reserve(store *shop.Store, orderID int64) <-chan bool {
	reserved := make(chan bool)
	go func() {
		store.ReserveStock(orderID)
		reserved <- true
	}()
	return reserved
}

// reportArchive keeps generated reports for download.
// LEAK (HEAP_GROWTH, HANDLER): Add appends every generated report (7 to 14 KiB of CSV) to a slice that nothing
// trims, so each valid POST /api/v1/admin/reports grows the post-GC heap by the report's size, forever.
type reportArchive struct {
	mu        sync.Mutex
	generated [][]byte
}

func (r *reportArchive) Add(body []byte) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.generated = append(r.generated, body)
	return len(r.generated)
}

func (r *reportArchive) Get(n int) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n < 1 || n > len(r.generated) {
		return nil, false
	}
	return r.generated[n-1], true
}
