package shop

import (
	"crypto/subtle"
	"net/http"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// AdminToken is the bearer token the admin group accepts (Authorization: Bearer lab-token).
const AdminToken = "lab-token"

// Validator is Echo's Validator backed by go-playground/validator, naming fields by their JSON names.
type Validator struct{ v *validator.Validate }

// NewValidator returns a validator for e.Validator.
func NewValidator() *Validator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		return name
	})
	return &Validator{v: v}
}

// Validate implements echo.Validator.
func (cv *Validator) Validate(i any) error { return cv.v.Struct(i) }

// RequireBearer lets a request through only with `Authorization: Bearer <token>`; anything else is 401 with a
// WWW-Authenticate challenge (Echo's KeyAuth alone answers a missing header with 400).
func RequireBearer(token string) echo.MiddlewareFunc {
	return middleware.KeyAuthWithConfig(middleware.KeyAuthConfig{
		KeyLookup:  "header:" + echo.HeaderAuthorization,
		AuthScheme: "Bearer",
		Validator: func(key string, _ echo.Context) (bool, error) {
			return subtle.ConstantTimeCompare([]byte(key), []byte(token)) == 1, nil
		},
		ErrorHandler: func(_ error, c echo.Context) error {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="admin"`)
			return echo.NewHTTPError(http.StatusUnauthorized, "Unauthorized")
		},
	})
}
