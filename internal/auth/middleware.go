package auth

import (
	"net/http"
	"strings"

	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Caller returns the caller of r: reseau.Anonymous when there is no
// Authorization header, the token's caller when it verifies, and an
// EUNAUTHORIZED error for any other Authorization header (another scheme, an
// empty, malformed, expired or badly signed token): a client that meant to
// sign in must learn that it failed rather than silently read as anonymous.
// Its signature is httpserver.Server.CallerFunc's.
func (v *Verifier) Caller(r *http.Request) (*reseau.Caller, error) {
	h, present := r.Header["Authorization"]
	if !present {
		return reseau.Anonymous, nil
	}
	if len(h) != 1 {
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "send a single Authorization header")
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(h[0]), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "the Authorization header must be \"Bearer <token>\"")
	}
	return v.Verify(strings.TrimSpace(token))
}

// Middleware puts the request's caller (see Caller) in its context, or
// answers 401 at once.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := v.Caller(r)
		if err != nil {
			Unauthorized(w, reseau.ErrorMessage(err))
			return
		}
		next.ServeHTTP(w, r.WithContext(reseau.WithCaller(r.Context(), c)))
	})
}

// Challenge is the WWW-Authenticate value of a 401 (RFC 6750).
const Challenge = `Bearer realm="reseau", error="invalid_token"`

// Unauthorized writes a 401 with a GraphQL-shaped body, so that GraphQL
// clients show the message like any other error, and the WWW-Authenticate
// challenge of RFC 6750.
func Unauthorized(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", Challenge)
	httperr.Write(w, http.StatusUnauthorized, reseau.EUNAUTHORIZED, msg)
}
