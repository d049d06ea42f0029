package main

import (
	"context"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/shop"
)

// newServer is service-leaky with its two leaks fixed: the reservation's result channel has room for a late answer,
// and the report archive keeps the last reportsKept reports.
func newServer(_ context.Context) *echo.Echo {
	return shop.NewServer(reserve, &reportArchive{})
}

// reserve starts the order's stock reservation and returns the channel its answer arrives on.
// FIX: one slot of buffer, so the reservation's send completes even after the order handler has stopped listening,
// and the goroutine ends when the warehouse has answered.
func reserve(store *shop.Store, orderID int64) <-chan bool {
	reserved := make(chan bool, 1)
	go func() {
		store.ReserveStock(orderID)
		reserved <- true
	}()
	return reserved
}

// reportsKept is how many generated reports stay downloadable.
const reportsKept = 8

// reportArchive keeps generated reports for download.
// FIX: only the last reportsKept generated reports are kept; an older number answers 404 (generate it again).
type reportArchive struct {
	mu        sync.Mutex
	generated [][]byte // the last reportsKept reports; generated[i] is report r-(count-len(generated)+1+i)
	count     int      // reports generated so far
}

func (r *reportArchive) Add(body []byte) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count++
	r.generated = append(r.generated, body)
	if len(r.generated) > reportsKept {
		r.generated = append(r.generated[:0:0], r.generated[len(r.generated)-reportsKept:]...)
	}
	return r.count
}

func (r *reportArchive) Get(n int) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	first := r.count - len(r.generated) + 1
	if n < first || n > r.count {
		return nil, false
	}
	return r.generated[n-first], true
}
