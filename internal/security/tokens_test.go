package security_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// none builds an alg "none" token by hand, as an attacker would.
func none(c jwt.MapClaims) string {
	h, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT"})
	b, _ := json.Marshal(c)
	enc := base64.RawURLEncoding.EncodeToString
	return enc(h) + "." + enc(b) + "."
}

// TestTokens sends every kind of bad token through the real server: each is
// a 401 with extensions.code UNAUTHENTICATED and a WWW-Authenticate
// challenge, never an anonymous answer.
func TestTokens(t *testing.T) {
	e := start(t, nil, nil)
	rk, pub := keys()
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	admin := []string{reseau.RoleAdmin}
	c := func(mod func(jwt.MapClaims)) jwt.MapClaims { return claims("mallory", admin, nil, mod) }
	hour := time.Hour
	tests := []struct {
		name   string
		header string
		status int
	}{
		{"valid HS256", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, c(nil)), 200},
		{"valid RS256", "Bearer " + sign(t, jwt.SigningMethodRS256, rk, c(nil)), 200},
		{"alg none", "Bearer " + none(c(nil)), 401},
		{"HS/RS confusion: HS256 signed with the RSA public key", "Bearer " + sign(t, jwt.SigningMethodHS256, pub, c(nil)), 401},
		{"wrong signature (RS256, another key)", "Bearer " + sign(t, jwt.SigningMethodRS256, other, c(nil)), 401},
		{"wrong signature (HS256, another secret)", "Bearer " + sign(t, jwt.SigningMethodHS256, []byte("not-the-secret-not-the-secret-xx"), c(nil)), 401},
		{"HS512 with the right secret", "Bearer " + sign(t, jwt.SigningMethodHS512, secret, c(nil)), 401},
		{"expired", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, c(func(m jwt.MapClaims) {
			m["iat"], m["nbf"], m["exp"] = time.Now().Add(-2*hour).Unix(), time.Now().Add(-2*hour).Unix(), time.Now().Add(-time.Minute).Unix()
		})), 401},
		{"not yet valid", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, c(func(m jwt.MapClaims) { m["nbf"] = time.Now().Add(hour).Unix() })), 401},
		{"wrong issuer", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, c(func(m jwt.MapClaims) { m["iss"] = "https://evil.test" })), 401},
		{"wrong audience", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, c(func(m jwt.MapClaims) { m["aud"] = "someone-else" })), 401},
		{"missing exp", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, c(func(m jwt.MapClaims) { delete(m, "exp") })), 401},
		{"missing sub", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, c(func(m jwt.MapClaims) { delete(m, "sub") })), 401},
		{"garbage", "Bearer abc.def.ghi", 401},
		{"empty bearer", "Bearer ", 401},
		{"basic auth", "Basic YWRtaW46YWRtaW4=", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.request(t, http.MethodPost, "/graphql", "application/json",
				`{"query":"{ auditLog(first: 1) { totalCount } }"}`, http.Header{"Authorization": {tt.header}})
			if a.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.Status, tt.status, pretty(a.Raw))
			}
			if tt.status == 200 {
				if a.code() != "" {
					t.Fatalf("errors: %s", pretty(a.Raw))
				}
				return
			}
			if a.code() != reseau.EUNAUTHORIZED || a.Errors[0].Message == "" || a.Data != nil {
				t.Errorf("body %s", pretty(a.Raw))
			}
			if a.Header.Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate challenge")
			}
		})
	}
}
