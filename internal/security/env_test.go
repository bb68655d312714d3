package security_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

const (
	issuer   = "https://id.reseau.test"
	audience = "reseau"
)

var secret = []byte("security-suite-secret-0123456789abcdef")

// keys is the identity provider's RSA key pair, made once for the suite.
var keys = sync.OnceValues(func() (*rsa.PrivateKey, []byte) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return k, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
})

// env is a running server over a fresh store holding storetest.Fixture:
// the CPAS employs alice and dan (PRIVATE); La Gerbe employs carol
// (PRIVATE); the CPAS takes part in gt-logement and rencontre-2015.
type env struct {
	ts      *httptest.Server
	handler http.Handler
	store   reseau.Store
}

// start serves the fixture with both an HS256 secret and the RSA public key
// configured (so that algorithm confusion has something to confuse), the
// given limits (development defaults when nil) and a store wrapper (for
// fault injection; nil for none).
func start(t testing.TB, lim *limits.Config, wrap func(reseau.Store) reseau.Store) *env {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	_, pub := keys()
	keyFile := filepath.Join(t.TempDir(), "keys.pem")
	if err := os.WriteFile(keyFile, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := auth.NewVerifier(auth.Config{Secret: secret, KeysFile: keyFile, Issuer: issuer, Audience: audience})
	if err != nil {
		t.Fatal(err)
	}
	if lim == nil {
		d := limits.Defaults(false)
		d.CORSOrigins = []string{"https://app.reseau.test"}
		lim = &d
	}
	var store reseau.Store = authz.New(s)
	if wrap != nil {
		store = wrap(store)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httpserver.NewSecure(&graph.Resolver{Store: store, Analytics: analytics.NewEngine(store)}, log, httpserver.Security{Verifier: v, Limits: *lim})
	e := &env{handler: srv.Handler(), store: s}
	e.ts = httptest.NewServer(e.handler)
	t.Cleanup(e.ts.Close)
	return e
}

// claims are valid claims for sub with roles and orgs; mod adjusts them.
func claims(sub string, roles, orgs []string, mod func(jwt.MapClaims)) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{
		"sub": sub, "iss": issuer, "aud": audience,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"roles": roles, "orgs": orgs,
	}
	if mod != nil {
		mod(c)
	}
	return c
}

func sign(t testing.TB, m jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tokenFor returns a valid HS256 token of a caller ("" for anonymous).
func tokenFor(t testing.TB, c *reseau.Caller) string {
	if !c.Authenticated() {
		return ""
	}
	return sign(t, jwt.SigningMethodHS256, secret, claims(c.Subject, c.Roles, c.Orgs, nil))
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type answer struct {
	Status int
	Header http.Header
	Data   map[string]any `json:"data"`
	Errors []gqlError     `json:"errors"`
	Raw    string
}

func (a answer) code() string {
	if len(a.Errors) == 0 {
		return ""
	}
	c, _ := a.Errors[0].Extensions["code"].(string)
	return c
}

// request sends a raw HTTP request and decodes a GraphQL-shaped answer.
func (e *env) request(t testing.TB, method, path, contentType, body string, header http.Header) answer {
	t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := e.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	a := answer{Status: res.StatusCode, Header: res.Header, Raw: string(b)}
	_ = json.Unmarshal(b, &a)
	return a
}

// gql posts one operation with a bearer token ("" for none).
func (e *env) gql(t testing.TB, token, query string, vars map[string]any) answer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return e.request(t, http.MethodPost, "/graphql", "application/json", string(body), h)
}

// at walks a dotted path of the answer's data.
func (a answer) at(path string) any {
	var cur any = a.Data
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// keysAt returns the "key" of each object of the list at path, after
// following sub inside each element ("" for the element itself).
func (a answer) keysAt(path, sub string) []string {
	list, _ := a.at(path).([]any)
	var out []string
	for _, e := range list {
		for _, p := range strings.Split(sub, ".") {
			if p == "" {
				continue
			}
			m, _ := e.(map[string]any)
			e = m[p]
		}
		if m, ok := e.(map[string]any); ok {
			if k, ok := m["key"].(string); ok {
				out = append(out, k)
			}
		}
	}
	return out
}

// pretty shortens a body for failure messages.
func pretty(s string) string {
	if len(s) > 400 {
		return s[:400] + "..."
	}
	return s
}

func jsonBody(v any) *bytes.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}
