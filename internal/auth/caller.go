package auth

import (
	"net/http"
	"strings"

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

// Challenge is the WWW-Authenticate value of a 401 for a token that Caller
// refused (RFC 6750, 3.1).
const Challenge = `Bearer realm="reseau", error="invalid_token"`
