package limits

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/reseau-bxl/reseau/internal/httperr"
)

// Guard wraps the GraphQL endpoint with the HTTP rules:
//
//   - GET only for queries: a mutation over GET is 405 with Allow: POST, so
//     a link or an <img> on another site cannot write;
//   - POST only with an application/json body (415 otherwise): HTML forms
//     can only send form or text/plain bodies, so a cross-site form cannot
//     reach a resolver; JSON from another origin needs a CORS preflight;
//   - other methods are 405 (OPTIONS passes, for CORS preflights);
//   - the body is read up to MaxBody (413 beyond) and must be one JSON
//     object: a JSON array (a batch) is 400 BATCH_NOT_SUPPORTED, since gqlgen
//     executes one operation per request and each operation must pay for its
//     own limits;
//   - a websocket upgrade from an origin outside the allow-list is 403;
//   - a POST to ImportPath is a dataset upload, not a GraphQL request: its
//     body is application/json (a snapshot) or application/zip (a CSV
//     folder), 415 otherwise, so forms and text stay refused there too; it
//     is bounded by MaxImport (413 beyond) but left unread, for the route
//     to refuse a caller before reading it;
//   - the request gets a deadline of Timeout.
func Guard(cfg Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodOptions:
		case r.Method == http.MethodHead && r.URL.Path == HealthPath:
			// Load balancers and uptime checkers probe with HEAD.
		case r.Method == http.MethodPost && r.URL.Path == ImportPath:
			if !uploadContentType(r.Header.Get("Content-Type")) {
				httperr.Write(w, httperr.CodeMediaType,
					"send the dataset as Content-Type: application/json (a snapshot) or application/zip (a zipped CSV folder)")
				return
			}
			if r.ContentLength > cfg.MaxImport {
				httperr.Write(w, httperr.CodeTooLarge, fmt.Sprintf("the import is larger than %d bytes", cfg.MaxImport))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, cfg.MaxImport)
		case r.Method == http.MethodGet && isUpgrade(r):
			if !originAllowed(cfg.CORSOrigins, r) {
				httperr.Write(w, httperr.CodeOrigin, "websocket connections from this origin are not allowed")
				return
			}
		case r.Method == http.MethodGet:
			if mutationOverGET(r.URL.Query(), cfg.MaxTokens) {
				w.Header().Set("Allow", "POST")
				httperr.Write(w, httperr.CodeMethodNotAllowed, "mutations and subscriptions must be sent with POST")
				return
			}
		case r.Method == http.MethodPost:
			if !jsonContentType(r.Header.Get("Content-Type")) {
				httperr.Write(w, httperr.CodeMediaType, "send the request as Content-Type: application/json")
				return
			}
			body, code, err := readBody(w, r, cfg.MaxBody)
			if err != nil {
				httperr.Write(w, code, err.Error())
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			httperr.Write(w, httperr.CodeMethodNotAllowed, "use GET for queries or POST")
			return
		}
		if cfg.Timeout > 0 {
			// The cause names the limit, for the error that work stopped
			// by it answers (reseau.Stopped).
			ctx, cancel := context.WithTimeoutCause(r.Context(), cfg.Timeout, &TimeoutError{Limit: cfg.Timeout})
			defer cancel()
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

// TimeoutError is the cause of a request's cancellation when it ran longer
// than Config.Timeout. It wraps context.DeadlineExceeded.
type TimeoutError struct{ Limit time.Duration }

// Error names the limit and its value.
func (e *TimeoutError) Error() string {
	return fmt.Sprintf("the request took longer than the limit %s=%s and was stopped: ask for less (smaller pages, fewer analytics), or ask the operator to raise it", EnvTimeout, e.Limit)
}

// Unwrap returns context.DeadlineExceeded.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

var errBatch = errors.New("batched operations are not supported: send one operation per request")

// readBody reads at most limit bytes and checks that they are one JSON
// object. An error comes with its httperr code.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, string, error) {
	tooLarge := fmt.Errorf("the request body is larger than %d bytes", limit)
	if r.ContentLength > limit {
		return nil, httperr.CodeTooLarge, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, httperr.CodeTooLarge, tooLarge
		}
		return nil, httperr.CodeBadRequest, errors.New("could not read the request body")
	}
	t := bytes.TrimLeft(body, " \t\r\n")
	switch {
	case len(t) > 0 && t[0] == '[':
		return nil, httperr.CodeBatch, errors.New("batched operations are not supported: send one operation per request")
	case len(t) == 0 || t[0] != '{' || !json.Valid(t):
		// gqlgen would echo the whole body back in its message.
		return nil, httperr.CodeBadRequest, errors.New("the request body must be one JSON object {\"query\": ..., \"variables\": ...}")
	}
	return body, "", nil
}

// ImportPath is the route of dataset uploads (see Guard).
const ImportPath = "/import"

// HealthPath is the route of the health check, the one route that answers
// HEAD as well as GET (see Guard).
const HealthPath = "/healthz"

// Content types of a dataset upload.
const (
	ContentTypeJSON = "application/json"
	ContentTypeZip  = "application/zip"
)

// uploadContentType accepts the two upload formats. Neither is a type an
// HTML form or a cross-site "simple" request can send: a browser asks the
// CORS allow-list first.
func uploadContentType(ct string) bool {
	if jsonContentType(ct) {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == ContentTypeZip
}

func jsonContentType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

// mutationOverGET reports whether a GET would run a mutation or a
// subscription. A document that does not parse is left to gqlgen, which
// explains the syntax error.
func mutationOverGET(q url.Values, maxTokens int) bool {
	query := q.Get("query")
	if query == "" {
		return false
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, maxTokens)
	if err != nil {
		return false
	}
	name := q.Get("operationName")
	for _, op := range doc.Operations {
		if (name == "" || op.Name == name) && op.Operation != ast.Query {
			return true
		}
	}
	return false
}

func isUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// originAllowed accepts a browser origin in the allow-list, the server's own
// origin, or no Origin header (not a browser).
func originAllowed(allowed []string, r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || slices.Contains(allowed, "*") || slices.Contains(allowed, strings.TrimRight(o, "/")) {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// CORS returns the middleware that answers browsers from the allowed
// origins. Credentials (cookies) are never allowed: the API authenticates
// with a bearer token that a script sets explicitly, so a wildcard origin
// cannot be combined with ambient credentials. With no origin configured, no
// CORS header is ever sent and browsers keep the same-origin policy.
func CORS(origins []string) func(http.Handler) http.Handler {
	if len(origins) == 0 {
		return func(h http.Handler) http.Handler { return h }
	}
	c := cors.New(cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Authorization", "Content-Type", "Accept", "X-Request-Id"},
		ExposedHeaders:   []string{"X-Request-Id", "WWW-Authenticate"},
		AllowCredentials: false,
		MaxAge:           600,
	})
	return c.Handler
}

// RequestIDs gives each request an id, echoed in X-Request-Id and quoted in
// masked internal errors so that a user's report leads to the log line. An
// incoming X-Request-Id (from a proxy) is kept when it is short and plain,
// so it cannot forge log lines.
func RequestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !plainID(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(httperr.WithRequestID(r.Context(), id)))
	})
}

func plainID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
