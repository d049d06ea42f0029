package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	_ "github.com/leakscan/lab/cmd/service-leaky/docs" // registers the swaggo description for swag.ReadDoc
	"github.com/leakscan/lab/internal/shop"
	"github.com/leakscan/lab/internal/telemetry"
	"github.com/swaggo/swag"
)

// The swaggo general API info; docs/ is generated from it and the handlers' comments (see lab/README.md).
//go:generate swag init -g server.go -d .,../../internal/shop -o docs --outputTypes go,json,yaml
//
// @title Lab shop service
// @version 1.0
// @description A small shop API: users, orders, products and an admin group behind a bearer token.
// @BasePath /api/v1
// @securityDefinitions.apikey BearerAuth
// @in header
// @name Authorization
// @description Send `Bearer lab-token` (POST /auth/login returns the token).

// Stock reservation: the warehouse answers after reservationLatency, the order handler waits reservationWait.
const (
	reservationLatency = 80 * time.Millisecond
	reservationWait    = 20 * time.Millisecond
)

// newServer is a 31-route shop service (Echo v4) with validated JSON bodies, a bearer-token admin group, pprof and
// Prometheus on the main listener and its swaggo description on /swagger/doc.json. Two handlers leak; both are only
// reachable with a valid JSON body (createOrder, and createReport behind the admin token).
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Validator = shop.NewValidator()
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/swagger/doc.json", swaggerDoc)

	api := shop.NewAPI()
	s := &service{api: api, reports: newReportArchive()}
	e.GET("/healthz", api.Health)
	v1 := e.Group("/api/v1")
	v1.POST("/auth/login", api.Login)
	v1.POST("/search", api.Search)

	users := v1.Group("/users")
	users.GET("", api.ListUsers)
	users.POST("", api.CreateUser)
	users.GET("/:id", api.GetUser)
	users.PATCH("/:id", api.UpdateUser)
	users.DELETE("/:id/sessions", api.RevokeSessions)

	orders := v1.Group("/orders")
	orders.GET("", api.ListOrders)
	orders.POST("", s.createOrder)
	orders.GET("/:id", api.GetOrder)
	orders.PATCH("/:id", api.UpdateOrder)
	orders.DELETE("/:id", api.CancelOrder)
	orders.PUT("/:id/items/:sku", api.SetQuantity)
	orders.POST("/:id/payments", api.PayOrder)
	orders.GET("/:id/invoice", api.Invoice)

	products := v1.Group("/products")
	products.GET("", api.ListProducts)
	products.GET("/:id", api.GetProduct)
	products.GET("/:id/reviews", api.ListReviews)
	products.POST("/:id/reviews", api.AddReview)
	v1.GET("/categories", api.ListCategories)
	v1.GET("/categories/:slug/products", api.CategoryProducts)

	admin := v1.Group("/admin", shop.RequireBearer(shop.AdminToken))
	admin.GET("/stats", api.AdminStats)
	admin.GET("/users", api.AdminUsers)
	admin.PUT("/users/:id/role", api.SetRole)
	admin.POST("/products", api.CreateProduct)
	admin.PUT("/products/:id", api.UpdateProduct)
	admin.DELETE("/products/:id", api.ArchiveProduct)
	admin.POST("/reports", s.createReport)
	admin.GET("/reports/:id", s.getReport)
	return e
}

// swaggerDoc serves the swaggo-generated Swagger 2.0 description that the docs package registered.
func swaggerDoc(c echo.Context) error {
	doc, err := swag.ReadDoc()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSONCharsetUTF8, []byte(doc))
}

type service struct {
	api     *shop.API
	reports *reportArchive
}

// createOrder godoc
// @Summary Place an order (the same reference again replaces that order)
// @Description Answers 201 when the warehouse reserves the stock in time, 202 (status pending) otherwise.
// @Tags orders
// @Accept json
// @Produce json
// @Param body body shop.CreateOrderRequest true "the order"
// @Success 201 {object} shop.Order
// @Success 202 {object} shop.Order
// @Failure 400 {object} shop.ErrorResponse
// @Router /orders [post]
func (s *service) createOrder(c echo.Context) error {
	var req shop.CreateOrderRequest
	if err := shop.BindValid(c, &req); err != nil {
		return err // an invalid body ends here, before the reservation below
	}
	order := s.api.Store.PlaceOrder(req, time.Now())
	// LEAK (GOROUTINE_LEAK, HANDLER): the result channel is unbuffered and the handler stops listening after
	// reservationWait, so the reservation goroutine, answered after reservationLatency, blocks on its send forever.
	reserved := make(chan bool)
	go s.reserveStock(order.ID, reserved)
	select {
	case <-reserved:
		order.Status = "confirmed"
		return c.JSON(http.StatusCreated, order)
	case <-time.After(reservationWait):
		return c.JSON(http.StatusAccepted, order)
	}
}

// reserveStock asks the warehouse to reserve the order's stock (the call takes reservationLatency), confirms the
// order and reports back.
func (s *service) reserveStock(orderID int64, done chan<- bool) {
	time.Sleep(reservationLatency)
	s.api.Store.Confirm(orderID)
	done <- true
}

// createReport godoc
// @Summary Generate a report (CSV, one row per product and hour, at most 256 rows)
// @Tags admin
// @Accept json
// @Produce json
// @Security BearerAuth
// @Param body body shop.ReportRequest true "what to report on"
// @Success 201 {object} shop.ReportInfo
// @Failure 400 {object} shop.ErrorResponse
// @Failure 401 {object} shop.ErrorResponse
// @Router /admin/reports [post]
func (s *service) createReport(c echo.Context) error {
	var req shop.ReportRequest
	if err := shop.BindValid(c, &req); err != nil {
		return err
	}
	body := renderReport(s.api, req)
	return c.JSON(http.StatusCreated, s.reports.add(req.Kind, body))
}

// getReport godoc
// @Summary Download a report
// @Tags admin
// @Produce plain
// @Security BearerAuth
// @Param id path string true "report id" example(2026-11-sales)
// @Success 200 {string} string "the report (CSV)"
// @Failure 401 {object} shop.ErrorResponse
// @Failure 404 {object} shop.ErrorResponse
// @Router /admin/reports/{id} [get]
func (s *service) getReport(c echo.Context) error {
	body, ok := s.reports.get(c.Param("id"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "no such report")
	}
	return c.Blob(http.StatusOK, "text/csv", body)
}

// reportArchive keeps generated reports for download, and the monthly ones the service starts with.
// LEAK (HEAP_GROWTH, HANDLER): add appends every generated report (7 to 14 KiB of CSV) to a slice that nothing
// trims, so each valid POST /api/v1/admin/reports grows the post-GC heap by the report's size, forever.
type reportArchive struct {
	mu        sync.Mutex
	generated [][]byte
	monthly   map[string][]byte
}

func newReportArchive() *reportArchive {
	return &reportArchive{monthly: map[string][]byte{"2026-11-sales": []byte("day,orders,totalCents\n2026-11-01,3,5897\n")}}
}

func (r *reportArchive) add(kind string, body []byte) shop.ReportInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.generated = append(r.generated, body)
	return shop.ReportInfo{ID: fmt.Sprintf("r-%d", len(r.generated)), Kind: kind, Rows: strings.Count(string(body), "\n") - 1,
		Bytes: len(body)}
}

func (r *reportArchive) get(id string) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if b, ok := r.monthly[id]; ok {
		return b, true
	}
	var n int
	if _, err := fmt.Sscanf(id, "r-%d", &n); err != nil || n < 1 || n > len(r.generated) {
		return nil, false
	}
	return r.generated[n-1], true
}

// renderReport renders one CSV row per product and hour of the last req.Days days, at most 256 rows.
func renderReport(api *shop.API, req shop.ReportRequest) []byte {
	products := api.Store.Products()
	end := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	b.WriteString("hour,sku,name,kind,units,totalCents\n")
	for h, rows := 0, 0; h < req.Days*24 && rows < 256; h++ {
		for _, p := range products {
			if rows == 256 {
				break
			}
			units := (h*7 + int(p.ID)*3) % 11
			fmt.Fprintf(&b, "%s,%s,%s,%s,%d,%d\n", end.Add(-time.Duration(h+1)*time.Hour).Format(time.RFC3339),
				p.SKU, p.Name, req.Kind, units, int64(units)*p.PriceCents)
			rows++
		}
	}
	return []byte(b.String())
}
