package shop

import "time"

// The request bodies carry swaggo tags: `example` on some (the description then shows an example) and none on others
// (the description has only the schema: types, required, enums, bounds), so a request synthesizer meets both.
// `validate` is what Echo's validator enforces before a handler runs; swag reads `required`, `oneof`, `min` and
// `max` from it too.

// CreateUserRequest registers a customer; registering the same email again returns the same user.
type CreateUserRequest struct {
	Name  string `json:"name" validate:"required,max=80" example:"Ann Lee"`
	Email string `json:"email" validate:"required,email" format:"email" example:"ann@example.com"`
}

// UpdateUserRequest changes a user's name or email; absent fields are left alone.
type UpdateUserRequest struct {
	Name  *string `json:"name,omitempty" validate:"omitempty,min=1,max=80"`
	Email *string `json:"email,omitempty" validate:"omitempty,email" format:"email"`
}

// User is a customer account.
type User struct {
	ID        int64     `json:"id" example:"1"`
	Name      string    `json:"name" example:"Ann Lee"`
	Email     string    `json:"email" example:"ann@example.com"`
	Role      string    `json:"role" enums:"customer,staff,admin" example:"customer"`
	CreatedAt time.Time `json:"createdAt"`
}

// LoginRequest asks for an API token.
type LoginRequest struct {
	Username string `json:"username" validate:"required" example:"admin"`
	Password string `json:"password" validate:"required,min=8" example:"lab-password"`
}

// Token is what a successful login returns.
type Token struct {
	AccessToken string `json:"accessToken" example:"lab-token"`
	TokenType   string `json:"tokenType" example:"Bearer"`
}

// Address is a shipping address.
type Address struct {
	Street     string `json:"street" validate:"required" example:"1 Main St"`
	City       string `json:"city" validate:"required" example:"Springfield"`
	PostalCode string `json:"postalCode" validate:"required" example:"12345"`
	Country    string `json:"country" validate:"required,len=2" minLength:"2" maxLength:"2" example:"US"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	SKU      string `json:"sku" validate:"required" example:"SKU-1001"`
	Quantity int    `json:"quantity" validate:"required,min=1,max=100" example:"2"`
}

// CreateOrderRequest places an order. Reference is the client's own order number: placing the same reference
// again replaces that order (idempotent retries).
type CreateOrderRequest struct {
	CustomerID int64       `json:"customerId" validate:"required,min=1" example:"1"`
	Reference  string      `json:"reference" validate:"required,max=40" example:"web-1001"`
	Items      []OrderItem `json:"items" validate:"required,min=1,max=20,dive"`
	Shipping   Address     `json:"shipping" validate:"required"`
	Note       string      `json:"note,omitempty" validate:"max=200" example:"leave at the door"`
}

// UpdateOrderRequest changes the shipping address or the note of an open order.
type UpdateOrderRequest struct {
	Shipping *Address `json:"shipping,omitempty" validate:"omitempty"`
	Note     *string  `json:"note,omitempty" validate:"omitempty,max=200"`
}

// SetQuantityRequest sets the quantity of one SKU on an order; 0 removes the line.
type SetQuantityRequest struct {
	Quantity int `json:"quantity" validate:"min=0,max=100"`
}

// PaymentRequest pays an order by card or by invoice: a card payment needs cardToken, an invoice needs vatId (the
// OpenAPI 3.1 description states this as a oneOf).
type PaymentRequest struct {
	Method    string `json:"method" validate:"required,oneof=card invoice" example:"card"`
	CardToken string `json:"cardToken,omitempty" validate:"required_if=Method card,excluded_unless=Method card" example:"tok_visa"`
	VatID     string `json:"vatId,omitempty" validate:"required_if=Method invoice,excluded_unless=Method invoice"`
}

// Order is a placed order.
type Order struct {
	ID         int64       `json:"id" example:"1"`
	CustomerID int64       `json:"customerId" example:"1"`
	Reference  string      `json:"reference" example:"web-1001"`
	Status     string      `json:"status" enums:"pending,confirmed,paid,cancelled" example:"confirmed"`
	Items      []OrderItem `json:"items"`
	Shipping   Address     `json:"shipping"`
	Note       string      `json:"note,omitempty"`
	Payment    string      `json:"payment,omitempty" enums:"card,invoice"`
	TotalCents int64       `json:"totalCents" example:"2598"`
	CreatedAt  time.Time   `json:"createdAt"`
}

// Product is an item of the catalogue.
type Product struct {
	ID         int64  `json:"id" example:"1"`
	SKU        string `json:"sku" example:"SKU-1001"`
	Name       string `json:"name" example:"Blue mug"`
	Category   string `json:"category" example:"kitchen"`
	PriceCents int64  `json:"priceCents" example:"1299"`
	Archived   bool   `json:"archived"`
}

// ProductInput creates a product (the same SKU again updates it) or replaces one.
type ProductInput struct {
	SKU        string `json:"sku" validate:"required,max=32" example:"SKU-2001"`
	Name       string `json:"name" validate:"required,max=80" example:"Green mug"`
	Category   string `json:"category" validate:"required" example:"kitchen"`
	PriceCents int64  `json:"priceCents" validate:"required,min=1" example:"1499"`
}

// ReviewInput rates a product.
type ReviewInput struct {
	Rating  int    `json:"rating" validate:"required,min=1,max=5"`
	Comment string `json:"comment,omitempty" validate:"max=500"`
}

// Review is one rating of a product.
type Review struct {
	ProductID int64  `json:"productId"`
	Rating    int    `json:"rating"`
	Comment   string `json:"comment,omitempty"`
}

// Category groups products.
type Category struct {
	Slug string `json:"slug" example:"kitchen"`
	Name string `json:"name" example:"Kitchen"`
}

// SearchRequest searches the catalogue.
type SearchRequest struct {
	Query    string `json:"query" validate:"required,max=100"`
	Category string `json:"category,omitempty"`
	Limit    int    `json:"limit,omitempty" validate:"omitempty,min=1,max=50"`
}

// SearchResult is what a search returns.
type SearchResult struct {
	Total    int       `json:"total"`
	Products []Product `json:"products"`
}

// RoleChange sets a user's role.
type RoleChange struct {
	Role string `json:"role" validate:"required,oneof=customer staff admin"`
}

// ReportRequest asks for a report over the last Days days.
type ReportRequest struct {
	Kind   string `json:"kind" validate:"required,oneof=sales inventory customers"`
	Days   int    `json:"days" validate:"required,min=1,max=366"`
	Format string `json:"format,omitempty" validate:"omitempty,oneof=csv json"`
}

// ReportInfo describes a generated report.
type ReportInfo struct {
	ID    string `json:"id" example:"r-1"`
	Kind  string `json:"kind" example:"sales"`
	Rows  int    `json:"rows" example:"256"`
	Bytes int    `json:"bytes" example:"16384"`
}

// Stats is the admin dashboard's summary.
type Stats struct {
	Users    int `json:"users"`
	Products int `json:"products"`
	Orders   int `json:"orders"`
}

// Health is the liveness answer.
type Health struct {
	Status string `json:"status" example:"ok"`
}

// ErrorResponse is Echo's error body.
type ErrorResponse struct {
	Message string `json:"message" example:"Bad Request"`
}
