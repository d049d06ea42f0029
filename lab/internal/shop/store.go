package shop

import (
	"sort"
	"sync"
	"time"
)

// reviewsKept bounds the reviews kept per product: the product page shows the latest ones only.
const reviewsKept = 20

// Store is the shop's in-memory database, seeded with a few users, products and orders. Every write replaces or
// updates a bounded set of records (users by email, orders by reference, products by SKU, the last 20 reviews per
// product), so repeating a request leaves the heap where it was.
type Store struct {
	mu         sync.Mutex
	users      map[int64]*User
	userEmails map[string]int64
	products   map[int64]*Product
	skus       map[string]int64
	orders     map[int64]*Order
	references map[string]int64
	reviews    map[int64][]Review
	categories []Category
	nextID     int64
}

// NewStore returns a store holding the seed data.
func NewStore() *Store {
	s := &Store{
		users: map[int64]*User{}, userEmails: map[string]int64{},
		products: map[int64]*Product{}, skus: map[string]int64{},
		orders: map[int64]*Order{}, references: map[string]int64{},
		reviews: map[int64][]Review{},
		categories: []Category{
			{Slug: "kitchen", Name: "Kitchen"}, {Slug: "office", Name: "Office"}, {Slug: "garden", Name: "Garden"},
		},
		nextID: 100,
	}
	created := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for i, u := range []User{
		{Name: "Ann Lee", Email: "ann@example.com", Role: "customer"},
		{Name: "Bob Stone", Email: "bob@example.com", Role: "staff"},
		{Name: "Cleo Admin", Email: "admin@example.com", Role: "admin"},
	} {
		u.ID, u.CreatedAt = int64(i+1), created
		s.users[u.ID], s.userEmails[u.Email] = &u, u.ID
	}
	for i, p := range []Product{
		{SKU: "SKU-1001", Name: "Blue mug", Category: "kitchen", PriceCents: 1299},
		{SKU: "SKU-1002", Name: "Tea pot", Category: "kitchen", PriceCents: 3499},
		{SKU: "SKU-2001", Name: "Notebook", Category: "office", PriceCents: 499},
		{SKU: "SKU-2002", Name: "Desk lamp", Category: "office", PriceCents: 2999},
		{SKU: "SKU-3001", Name: "Watering can", Category: "garden", PriceCents: 1899},
		{SKU: "SKU-3002", Name: "Seed tray", Category: "garden", PriceCents: 799},
	} {
		p.ID = int64(i + 1)
		s.products[p.ID], s.skus[p.SKU] = &p, p.ID
	}
	ship := Address{Street: "1 Main St", City: "Springfield", PostalCode: "12345", Country: "US"}
	for i, ref := range []string{"seed-1", "seed-2"} {
		o := &Order{ID: int64(i + 1), CustomerID: 1, Reference: ref, Status: "confirmed", Shipping: ship,
			Items: []OrderItem{{SKU: "SKU-1001", Quantity: 1}}, CreatedAt: created}
		o.TotalCents = s.total(o.Items)
		s.orders[o.ID], s.references[ref] = o, o.ID
	}
	return s
}

// total prices items at today's prices; an unknown SKU costs nothing (the warehouse rejects it later).
func (s *Store) total(items []OrderItem) int64 {
	var t int64
	for _, it := range items {
		if id, ok := s.skus[it.SKU]; ok {
			t += s.products[id].PriceCents * int64(it.Quantity)
		}
	}
	return t
}

func (s *Store) id() int64 {
	s.nextID++
	return s.nextID
}

// idFor returns the id keys holds for key, or a new one it records there (isNew): the writes that are idempotent on
// a key (email, reference, SKU) reuse the record's id.
func (s *Store) idFor(keys map[string]int64, key string) (id int64, isNew bool) {
	id, ok := keys[key]
	if !ok {
		id = s.id()
		keys[key] = id
	}
	return id, !ok
}

// PlaceOrder stores the order under its reference: the same reference replaces the earlier order, keeping its id.
func (s *Store) PlaceOrder(req CreateOrderRequest, now time.Time) Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := s.idFor(s.references, req.Reference)
	o := &Order{ID: id, CustomerID: req.CustomerID, Reference: req.Reference, Status: "pending",
		Items: append([]OrderItem(nil), req.Items...), Shipping: req.Shipping, Note: req.Note,
		TotalCents: s.total(req.Items), CreatedAt: now}
	s.orders[id] = o
	return *o
}

// Confirm marks a pending order confirmed once the warehouse has reserved its stock.
func (s *Store) Confirm(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.orders[id]; ok && o.Status == "pending" {
		o.Status = "confirmed"
	}
}

// users sorted by id, at most limit.
func (s *Store) listUsers(limit int) []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (s *Store) listProducts(category string, limit int) []Product {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Product{}
	for _, p := range s.products {
		if category == "" || p.Category == category {
			out = append(out, *p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Stats counts the records.
func (s *Store) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{Users: len(s.users), Products: len(s.products), Orders: len(s.orders)}
}

// Products returns every product, sorted by id.
func (s *Store) Products() []Product { return s.listProducts("", 0) }
