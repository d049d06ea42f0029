package shop

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// API holds the shop's clean handlers; each lab service app registers them next to its own (leaky or fixed) ones.
type API struct {
	Store *Store
	Now   func() time.Time
}

// NewAPI returns the handlers over a freshly seeded store.
func NewAPI() *API { return &API{Store: NewStore(), Now: time.Now} }

// BindValid binds the request (path, query and JSON body) into req and validates it: a body that does not decode
// or does not validate is answered 400 here, before the handler's own code runs.
func BindValid(c echo.Context, req any) error {
	if err := c.Bind(req); err != nil {
		return err
	}
	if err := c.Validate(req); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	return nil
}

// locked finds a record with find and hands it to use, both with the store locked (use may change it), and returns
// use's result, a copy, so that it is encoded after unlocking; find's error is returned instead.
func locked[T, R any](c echo.Context, s *Store, find func(echo.Context) (*T, error), use func(*T) (R, error)) (R, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := find(c)
	if err != nil {
		var zero R
		return zero, err
	}
	return use(v)
}

// respond answers status with what locked returns as JSON (no body for 204), or returns its error.
func respond[T, R any](c echo.Context, s *Store, status int, find func(echo.Context) (*T, error), use func(*T) (R, error)) error {
	v, err := locked(c, s, find, use)
	if err != nil {
		return err
	}
	if status == http.StatusNoContent {
		return c.NoContent(status)
	}
	return c.JSON(status, v)
}

// copyOf is the use of a plain read: the record as it is.
func copyOf[T any](v *T) (T, error) { return *v, nil }

// byID finds the record the :id path parameter names (the store locked); what names the record in the 404.
func byID[T any](c echo.Context, records map[int64]*T, what string) (*T, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	v, ok := records[id]
	if !ok {
		return nil, echo.NewHTTPError(http.StatusNotFound, "no such "+what)
	}
	return v, nil
}

func (a *API) user(c echo.Context) (*User, error)       { return byID(c, a.Store.users, "user") }
func (a *API) order(c echo.Context) (*Order, error)     { return byID(c, a.Store.orders, "order") }
func (a *API) product(c echo.Context) (*Product, error) { return byID(c, a.Store.products, "product") }

// open refuses to change a cancelled order.
func open(o *Order) error {
	if o.Status == "cancelled" {
		return echo.NewHTTPError(http.StatusConflict, "order is cancelled")
	}
	return nil
}

func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, echo.NewHTTPError(http.StatusBadRequest, "id must be a positive integer")
	}
	return id, nil
}

func limitParam(c echo.Context, def int) (int, error) {
	v := c.QueryParam("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		return 0, echo.NewHTTPError(http.StatusBadRequest, "limit must be between 1 and 100")
	}
	return n, nil
}

// Health is the liveness probe on /healthz, outside the described API (the description's basePath is /api/v1).
func (a *API) Health(c echo.Context) error {
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

// Login godoc
// @Summary Exchange a username and password for an API token
// @Tags auth
// @Accept json
// @Produce json
// @Param body body LoginRequest true "credentials"
// @Success 200 {object} Token
// @Failure 400 {object} ErrorResponse
// @Failure 401 {object} ErrorResponse
// @Router /auth/login [post]
func (a *API) Login(c echo.Context) error {
	var req LoginRequest
	if err := BindValid(c, &req); err != nil {
		return err
	}
	if req.Username != "admin" || req.Password != "lab-password" {
		return echo.NewHTTPError(http.StatusUnauthorized, "wrong username or password")
	}
	return c.JSON(http.StatusOK, Token{AccessToken: AdminToken, TokenType: "Bearer"})
}

// ListUsers godoc
// @Summary List users
// @Tags users
// @Produce json
// @Param limit query int false "at most this many users" minimum(1) maximum(100) default(20)
// @Success 200 {array} User
// @Failure 400 {object} ErrorResponse
// @Router /users [get]
func (a *API) ListUsers(c echo.Context) error {
	limit, err := limitParam(c, 20)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.Store.listUsers(limit))
}

// CreateUser godoc
// @Summary Register a user (the same email again returns the same user)
// @Tags users
// @Accept json
// @Produce json
// @Param body body CreateUserRequest true "the new user"
// @Success 201 {object} User
// @Failure 400 {object} ErrorResponse
// @Router /users [post]
func (a *API) CreateUser(c echo.Context) error {
	var req CreateUserRequest
	if err := BindValid(c, &req); err != nil {
		return err
	}
	s := a.Store
	s.mu.Lock()
	id, isNew := s.idFor(s.userEmails, req.Email)
	if isNew {
		s.users[id] = &User{ID: id, Email: req.Email, Role: "customer", CreatedAt: a.Now()}
	}
	u := s.users[id]
	u.Name = req.Name
	out := *u
	s.mu.Unlock()
	return c.JSON(http.StatusCreated, out)
}

// GetUser godoc
// @Summary Get a user
// @Tags users
// @Produce json
// @Param id path int true "user id" example(1)
// @Success 200 {object} User
// @Failure 404 {object} ErrorResponse
// @Router /users/{id} [get]
func (a *API) GetUser(c echo.Context) error {
	return respond(c, a.Store, http.StatusOK, a.user, copyOf[User])
}

// UpdateUser godoc
// @Summary Change a user's name or email
// @Tags users
// @Accept json
// @Produce json
// @Param id path int true "user id" example(1)
// @Param body body UpdateUserRequest true "the fields to change"
// @Success 200 {object} User
// @Failure 400 {object} ErrorResponse
// @Failure 404 {object} ErrorResponse
// @Failure 409 {object} ErrorResponse
// @Router /users/{id} [patch]
func (a *API) UpdateUser(c echo.Context) error {
	if _, err := pathID(c); err != nil {
		return err // a bad id is answered before the body is read
	}
	var req UpdateUserRequest
	if err := BindValid(c, &req); err != nil {
		return err
	}
	s := a.Store
	return respond(c, s, http.StatusOK, a.user, func(u *User) (User, error) {
		if req.Email != nil && *req.Email != u.Email {
			if _, taken := s.userEmails[*req.Email]; taken {
				return User{}, echo.NewHTTPError(http.StatusConflict, "email already registered")
			}
			delete(s.userEmails, u.Email)
			u.Email = *req.Email
			s.userEmails[u.Email] = u.ID
		}
		if req.Name != nil {
			u.Name = *req.Name
		}
		return *u, nil
	})
}

// RevokeSessions godoc
// @Summary Sign a user out everywhere
// @Tags users
// @Param id path int true "user id" example(1)
// @Success 204
// @Failure 404 {object} ErrorResponse
// @Router /users/{id}/sessions [delete]
func (a *API) RevokeSessions(c echo.Context) error {
	return respond(c, a.Store, http.StatusNoContent, a.user, copyOf[User])
}

// ListOrders godoc
// @Summary List orders
// @Tags orders
// @Produce json
// @Param status query string false "only orders in this status" Enums(pending, confirmed, paid, cancelled)
// @Success 200 {array} Order
// @Router /orders [get]
func (a *API) ListOrders(c echo.Context) error {
	status := c.QueryParam("status")
	s := a.Store
	s.mu.Lock()
	out := []Order{}
	for id := int64(1); id <= s.nextID; id++ {
		if o, ok := s.orders[id]; ok && (status == "" || o.Status == status) {
			out = append(out, *o)
		}
	}
	s.mu.Unlock()
	return c.JSON(http.StatusOK, out)
}

// GetOrder godoc
// @Summary Get an order
// @Tags orders
// @Produce json
// @Param id path int true "order id" example(1)
// @Success 200 {object} Order
// @Failure 404 {object} ErrorResponse
// @Router /orders/{id} [get]
func (a *API) GetOrder(c echo.Context) error {
	return respond(c, a.Store, http.StatusOK, a.order, copyOf[Order])
}

// UpdateOrder godoc
// @Summary Change the shipping address or note of an open order
// @Tags orders
// @Accept json
// @Produce json
// @Param id path int true "order id" example(1)
// @Param body body UpdateOrderRequest true "the fields to change"
// @Success 200 {object} Order
// @Failure 400 {object} ErrorResponse
// @Failure 404 {object} ErrorResponse
// @Failure 409 {object} ErrorResponse
// @Router /orders/{id} [patch]
func (a *API) UpdateOrder(c echo.Context) error {
	var req UpdateOrderRequest
	if err := BindValid(c, &req); err != nil {
		return err
	}
	return respond(c, a.Store, http.StatusOK, a.order, func(o *Order) (Order, error) {
		if err := open(o); err != nil {
			return Order{}, err
		}
		if req.Shipping != nil {
			o.Shipping = *req.Shipping
		}
		if req.Note != nil {
			o.Note = *req.Note
		}
		return *o, nil
	})
}

// CancelOrder godoc
// @Summary Cancel an order (it stays readable, with status cancelled)
// @Tags orders
// @Param id path int true "order id" example(2)
// @Success 204
// @Failure 404 {object} ErrorResponse
// @Router /orders/{id} [delete]
func (a *API) CancelOrder(c echo.Context) error {
	return respond(c, a.Store, http.StatusNoContent, a.order, func(o *Order) (Order, error) {
		o.Status = "cancelled"
		return *o, nil
	})
}

// SetQuantity godoc
// @Summary Set the quantity of one product on an open order (0 removes the line)
// @Tags orders
// @Accept json
// @Produce json
// @Param id path int true "order id" example(1)
// @Param sku path string true "product SKU" example(SKU-1001)
// @Param body body SetQuantityRequest true "the new quantity"
// @Success 200 {object} Order
// @Failure 400 {object} ErrorResponse
// @Failure 404 {object} ErrorResponse
// @Failure 409 {object} ErrorResponse
// @Router /orders/{id}/items/{sku} [put]
func (a *API) SetQuantity(c echo.Context) error {
	var req SetQuantityRequest
	if err := BindValid(c, &req); err != nil {
		return err
	}
	s := a.Store
	return respond(c, s, http.StatusOK, a.order, func(o *Order) (Order, error) {
		sku := c.Param("sku")
		if _, ok := s.skus[sku]; !ok {
			return Order{}, echo.NewHTTPError(http.StatusNotFound, "no such product")
		}
		if err := open(o); err != nil {
			return Order{}, err
		}
		items := o.Items[:0:0]
		found := false
		for _, it := range o.Items {
			if it.SKU == sku {
				found, it.Quantity = true, req.Quantity
			}
			if it.Quantity > 0 {
				items = append(items, it)
			}
		}
		if !found && req.Quantity > 0 {
			items = append(items, OrderItem{SKU: sku, Quantity: req.Quantity})
		}
		o.Items, o.TotalCents = items, s.total(items)
		return *o, nil
	})
}

// PayOrder godoc
// @Summary Pay an order by card (cardToken) or by invoice (vatId)
// @Tags orders
// @Accept json
// @Produce json
// @Param id path int true "order id" example(1)
// @Param body body PaymentRequest true "the payment"
// @Success 200 {object} Order
// @Failure 400 {object} ErrorResponse
// @Failure 404 {object} ErrorResponse
// @Failure 409 {object} ErrorResponse
// @Router /orders/{id}/payments [post]
func (a *API) PayOrder(c echo.Context) error {
	var req PaymentRequest
	if err := BindValid(c, &req); err != nil {
		return err
	}
	return respond(c, a.Store, http.StatusOK, a.order, func(o *Order) (Order, error) {
		if err := open(o); err != nil {
			return Order{}, err
		}
		o.Status, o.Payment = "paid", req.Method
		return *o, nil
	})
}

// Invoice godoc
// @Summary Download an order's invoice
// @Tags orders
// @Produce plain
// @Param id path int true "order id" example(1)
// @Success 200 {string} string "the invoice"
// @Failure 404 {object} ErrorResponse
// @Router /orders/{id}/invoice [get]
func (a *API) Invoice(c echo.Context) error {
	text, err := locked(c, a.Store, a.order, func(o *Order) (string, error) {
		var b strings.Builder
		fmt.Fprintf(&b, "Invoice for order %d (%s)\n", o.ID, o.Reference)
		for _, it := range o.Items {
			fmt.Fprintf(&b, "%-10s x%d\n", it.SKU, it.Quantity)
		}
		fmt.Fprintf(&b, "Total: %d.%02d\n", o.TotalCents/100, o.TotalCents%100)
		return b.String(), nil
	})
	if err != nil {
		return err
	}
	return c.String(http.StatusOK, text)
}

// ListProducts godoc
// @Summary List products
// @Tags products
// @Produce json
// @Param category query string false "only this category" example(kitchen)
// @Param limit query int false "at most this many" minimum(1) maximum(100) default(20)
// @Success 200 {array} Product
// @Failure 400 {object} ErrorResponse
// @Router /products [get]
func (a *API) ListProducts(c echo.Context) error {
	limit, err := limitParam(c, 20)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.Store.listProducts(c.QueryParam("category"), limit))
}

// GetProduct godoc
// @Summary Get a product
// @Tags products
// @Produce json
// @Param id path int true "product id" example(1)
// @Success 200 {object} Product
// @Failure 404 {object} ErrorResponse
// @Router /products/{id} [get]
func (a *API) GetProduct(c echo.Context) error {
	return respond(c, a.Store, http.StatusOK, a.product, copyOf[Product])
}

// ListReviews godoc
// @Summary The latest reviews of a product
// @Tags products
// @Produce json
// @Param id path int true "product id" example(1)
// @Success 200 {array} Review
// @Failure 404 {object} ErrorResponse
// @Router /products/{id}/reviews [get]
func (a *API) ListReviews(c echo.Context) error {
	return respond(c, a.Store, http.StatusOK, a.product, func(p *Product) ([]Review, error) {
		return append([]Review{}, a.Store.reviews[p.ID]...), nil
	})
}

// AddReview godoc
// @Summary Review a product (the product keeps its latest 20 reviews)
// @Tags products
// @Accept json
// @Produce json
// @Param id path int true "product id" example(1)
// @Param body body ReviewInput true "the review"
// @Success 201 {object} Review
// @Failure 400 {object} ErrorResponse
// @Failure 404 {object} ErrorResponse
// @Router /products/{id}/reviews [post]
func (a *API) AddReview(c echo.Context) error {
	var req ReviewInput
	if err := BindValid(c, &req); err != nil {
		return err
	}
	s := a.Store
	return respond(c, s, http.StatusCreated, a.product, func(p *Product) (Review, error) {
		r := Review{ProductID: p.ID, Rating: req.Rating, Comment: req.Comment}
		rs := append(s.reviews[p.ID], r)
		if len(rs) > reviewsKept {
			rs = append(rs[:0:0], rs[len(rs)-reviewsKept:]...)
		}
		s.reviews[p.ID] = rs
		return r, nil
	})
}

// ListCategories godoc
// @Summary List categories
// @Tags products
// @Produce json
// @Success 200 {array} Category
// @Router /categories [get]
func (a *API) ListCategories(c echo.Context) error {
	return c.JSON(http.StatusOK, a.Store.categories)
}

// CategoryProducts godoc
// @Summary The products of a category
// @Tags products
// @Produce json
// @Param slug path string true "category slug" example(kitchen)
// @Success 200 {array} Product
// @Failure 404 {object} ErrorResponse
// @Router /categories/{slug}/products [get]
func (a *API) CategoryProducts(c echo.Context) error {
	slug := c.Param("slug")
	for _, cat := range a.Store.categories {
		if cat.Slug == slug {
			return c.JSON(http.StatusOK, a.Store.listProducts(slug, 0))
		}
	}
	return echo.NewHTTPError(http.StatusNotFound, "no such category")
}

// Search godoc
// @Summary Search products by name
// @Tags products
// @Accept json
// @Produce json
// @Param body body SearchRequest true "the query"
// @Success 200 {object} SearchResult
// @Failure 400 {object} ErrorResponse
// @Router /search [post]
func (a *API) Search(c echo.Context) error {
	var req SearchRequest
	if err := BindValid(c, &req); err != nil {
		return err
	}
	limit := req.Limit
	if limit == 0 {
		limit = 10
	}
	q := strings.ToLower(req.Query)
	res := SearchResult{Products: []Product{}}
	for _, p := range a.Store.listProducts(req.Category, 0) {
		if strings.Contains(strings.ToLower(p.Name), q) {
			res.Total++
			if len(res.Products) < limit {
				res.Products = append(res.Products, p)
			}
		}
	}
	return c.JSON(http.StatusOK, res)
}

// AdminStats godoc
// @Summary Record counts
// @Tags admin
// @Produce json
// @Security BearerAuth
// @Success 200 {object} Stats
// @Failure 401 {object} ErrorResponse
// @Router /admin/stats [get]
func (a *API) AdminStats(c echo.Context) error {
	return c.JSON(http.StatusOK, a.Store.Stats())
}

// AdminUsers godoc
// @Summary Every user with their role
// @Tags admin
// @Produce json
// @Security BearerAuth
// @Success 200 {array} User
// @Failure 401 {object} ErrorResponse
// @Router /admin/users [get]
func (a *API) AdminUsers(c echo.Context) error {
	return c.JSON(http.StatusOK, a.Store.listUsers(0))
}

// SetRole godoc
// @Summary Set a user's role
// @Tags admin
// @Accept json
// @Produce json
// @Security BearerAuth
// @Param id path int true "user id" example(1)
// @Param body body RoleChange true "the new role"
// @Success 200 {object} User
// @Failure 400 {object} ErrorResponse
// @Failure 401 {object} ErrorResponse
// @Failure 404 {object} ErrorResponse
// @Router /admin/users/{id}/role [put]
func (a *API) SetRole(c echo.Context) error {
	if _, err := pathID(c); err != nil {
		return err // a bad id is answered before the body is read
	}
	var req RoleChange
	if err := BindValid(c, &req); err != nil {
		return err
	}
	return respond(c, a.Store, http.StatusOK, a.user, func(u *User) (User, error) {
		u.Role = req.Role
		return *u, nil
	})
}

// CreateProduct godoc
// @Summary Create a product (the same SKU again updates it)
// @Tags admin
// @Accept json
// @Produce json
// @Security BearerAuth
// @Param body body ProductInput true "the product"
// @Success 201 {object} Product
// @Failure 400 {object} ErrorResponse
// @Failure 401 {object} ErrorResponse
// @Router /admin/products [post]
func (a *API) CreateProduct(c echo.Context) error {
	var req ProductInput
	if err := BindValid(c, &req); err != nil {
		return err
	}
	s := a.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	id, isNew := s.idFor(s.skus, req.SKU)
	if isNew {
		s.products[id] = &Product{ID: id, SKU: req.SKU}
	}
	p := s.products[id]
	p.Name, p.Category, p.PriceCents, p.Archived = req.Name, req.Category, req.PriceCents, false
	return c.JSON(http.StatusCreated, *p)
}

// ProductUpdate replaces a product's name, category and price (the SKU never changes).
type ProductUpdate struct {
	Name       string `json:"name" validate:"required,max=80"`
	Category   string `json:"category" validate:"required"`
	PriceCents int64  `json:"priceCents" validate:"required,min=1"`
}

// UpdateProduct godoc
// @Summary Replace a product's name, category and price
// @Tags admin
// @Accept json
// @Produce json
// @Security BearerAuth
// @Param id path int true "product id" example(1)
// @Param body body ProductUpdate true "the new values"
// @Success 200 {object} Product
// @Failure 400 {object} ErrorResponse
// @Failure 401 {object} ErrorResponse
// @Failure 404 {object} ErrorResponse
// @Router /admin/products/{id} [put]
func (a *API) UpdateProduct(c echo.Context) error {
	var req ProductUpdate
	if err := BindValid(c, &req); err != nil {
		return err
	}
	return respond(c, a.Store, http.StatusOK, a.product, func(p *Product) (Product, error) {
		p.Name, p.Category, p.PriceCents = req.Name, req.Category, req.PriceCents
		return *p, nil
	})
}

// ArchiveProduct godoc
// @Summary Archive a product (it stays readable, with archived true)
// @Tags admin
// @Security BearerAuth
// @Param id path int true "product id" example(6)
// @Success 204
// @Failure 401 {object} ErrorResponse
// @Failure 404 {object} ErrorResponse
// @Router /admin/products/{id} [delete]
func (a *API) ArchiveProduct(c echo.Context) error {
	return respond(c, a.Store, http.StatusNoContent, a.product, func(p *Product) (Product, error) {
		p.Archived = true
		return *p, nil
	})
}
