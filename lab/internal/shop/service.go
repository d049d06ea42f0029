package shop

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	_ "github.com/leakscan/lab/internal/shop/docs" // registers the swaggo description for swag.ReadDoc
	"github.com/leakscan/lab/internal/telemetry"
	"github.com/swaggo/swag"
)

// The swaggo general API info; docs/ is generated from it and the handlers' comments in this package, once for both
// service apps (swag v1.16.5, the version go.mod pins; see lab/README.md).
//go:generate go run github.com/swaggo/swag/cmd/swag@v1.16.5 init -g service.go -d . -o docs --outputTypes go,json,yaml
//
// @title Lab shop service
// @version 1.0
// @description A small shop API: users, orders, products and an admin group behind a bearer token.
// @BasePath /api/v1
// @securityDefinitions.apikey BearerAuth
// @in header
// @name Authorization
// @description Send `Bearer lab-token` (POST /auth/login returns the token).

// Stock reservation: the warehouse answers after ReservationLatency, the order handler waits ReservationWait.
const (
	ReservationLatency = 80 * time.Millisecond
	ReservationWait    = 20 * time.Millisecond
)

// Reserve starts the stock reservation of an order (Store.ReserveStock) and returns the channel its answer arrives
// on. How that channel is made is where service-leaky and service-fixed differ.
type Reserve func(store *Store, orderID int64) <-chan bool

// ReportArchive keeps the generated reports for download; how many it keeps is the other place where
// service-leaky and service-fixed differ.
type ReportArchive interface {
	// Add keeps a generated report and returns its number (report r-N).
	Add(body []byte) int
	// Get returns report number n, or false when it is not (or no longer) kept.
	Get(n int) ([]byte, bool)
}

// monthlyReports are the reports the service starts with, downloadable by name.
var monthlyReports = map[string][]byte{"2026-11-sales": []byte("day,orders,totalCents\n2026-11-01,3,5897\n")}

// NewServer is the 31-route shop service (Echo v4) with validated JSON bodies, a bearer-token admin group, pprof and
// Prometheus on the main listener and its swaggo description on /swagger/doc.json. Placing an order reserves stock
// through reserve and generated reports go to reports; both are only reachable with a valid JSON body (and, for
// reports, the admin token).
func NewServer(reserve Reserve, reports ReportArchive) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Validator = NewValidator()
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/swagger/doc.json", swaggerDoc)

	api := NewAPI()
	s := &service{api: api, reserve: reserve, reports: reports}
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

	admin := v1.Group("/admin", RequireBearer(AdminToken))
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

// service holds the handlers that use an app's Reserve and ReportArchive.
type service struct {
	api     *API
	reserve Reserve
	reports ReportArchive
}

// createOrder godoc
// @Summary Place an order (the same reference again replaces that order)
// @Description Answers 201 when the warehouse reserves the stock in time, 202 (status pending) otherwise.
// @Tags orders
// @Accept json
// @Produce json
// @Param body body CreateOrderRequest true "the order"
// @Success 201 {object} Order
// @Success 202 {object} Order
// @Failure 400 {object} ErrorResponse
// @Router /orders [post]
func (s *service) createOrder(c echo.Context) error {
	var req CreateOrderRequest
	if err := BindValid(c, &req); err != nil {
		return err // an invalid body ends here, before the reservation below
	}
	order := s.api.Store.PlaceOrder(req, time.Now())
	reserved := s.reserve(s.api.Store, order.ID)
	select {
	case <-reserved:
		order.Status = "confirmed"
		return c.JSON(http.StatusCreated, order)
	case <-time.After(ReservationWait):
		return c.JSON(http.StatusAccepted, order)
	}
}

// ReserveStock asks the warehouse to reserve the order's stock (the call takes ReservationLatency) and confirms the
// order.
func (s *Store) ReserveStock(orderID int64) {
	time.Sleep(ReservationLatency)
	s.Confirm(orderID)
}

// createReport godoc
// @Summary Generate a report (CSV, one row per product and hour, at most 256 rows)
// @Tags admin
// @Accept json
// @Produce json
// @Security BearerAuth
// @Param body body ReportRequest true "what to report on"
// @Success 201 {object} ReportInfo
// @Failure 400 {object} ErrorResponse
// @Failure 401 {object} ErrorResponse
// @Router /admin/reports [post]
func (s *service) createReport(c echo.Context) error {
	var req ReportRequest
	if err := BindValid(c, &req); err != nil {
		return err
	}
	body := renderReport(s.api.Store.Products(), req)
	n := s.reports.Add(body)
	return c.JSON(http.StatusCreated, ReportInfo{ID: fmt.Sprintf("r-%d", n), Kind: req.Kind,
		Rows: strings.Count(string(body), "\n") - 1, Bytes: len(body)})
}

// getReport godoc
// @Summary Download a report
// @Tags admin
// @Produce plain
// @Security BearerAuth
// @Param id path string true "report id" example(2026-11-sales)
// @Success 200 {string} string "the report (CSV)"
// @Failure 401 {object} ErrorResponse
// @Failure 404 {object} ErrorResponse
// @Router /admin/reports/{id} [get]
func (s *service) getReport(c echo.Context) error {
	id := c.Param("id")
	body, ok := monthlyReports[id]
	if !ok {
		var n int
		if _, err := fmt.Sscanf(id, "r-%d", &n); err == nil {
			body, ok = s.reports.Get(n)
		}
	}
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "no such report")
	}
	return c.Blob(http.StatusOK, "text/csv", body)
}

// renderReport renders one CSV row per product and hour of the last req.Days days, at most 256 rows.
func renderReport(products []Product, req ReportRequest) []byte {
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
