// Package limits closes the gaps a GraphQL endpoint leaves open by default:
// unbounded bodies, depth, aliases, complexity, batches and parser work,
// mutations over GET, form posts from other sites, permissive CORS, chatty
// errors. gqlgen has no depth or alias limit of its own, answers an exceeded
// complexity with HTTP 200 and reads POST bodies without bound; this package
// is where each of those is decided.
package limits

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Environment variables read by ConfigFromEnv.
const (
	EnvEnv           = "RESEAU_ENV"
	EnvCORSOrigins   = "RESEAU_CORS_ORIGINS"
	EnvMaxDepth      = "RESEAU_MAX_DEPTH"
	EnvMaxAliases    = "RESEAU_MAX_ALIASES"
	EnvMaxComplexity = "RESEAU_MAX_COMPLEXITY"
	EnvMaxTokens     = "RESEAU_MAX_TOKENS"
	EnvMaxBody       = "RESEAU_MAX_BODY"
	EnvMaxImport     = "RESEAU_MAX_IMPORT"
	EnvTimeout       = "RESEAU_REQUEST_TIMEOUT"
	EnvMaxConcurrent = "RESEAU_MAX_CONCURRENT"
	EnvIntrospection = "RESEAU_INTROSPECTION"
)

// Config holds every limit. The zero value is not useful: start from
// Defaults or ConfigFromEnv.
type Config struct {
	Production    bool          // RESEAU_ENV=production
	CORSOrigins   []string      // browser origins allowed to call the API; empty: same origin only
	MaxDepth      int           // deepest field nesting, fragments expanded (introspection excluded)
	MaxAliases    int           // aliased fields per operation, fragments expanded
	MaxDirectives int           // directives in a document
	MaxComplexity int           // estimated fields resolved, lists multiplied by their first
	MaxTokens     int           // parser token limit
	MaxBody       int64         // request body bytes
	MaxImport     int64         // body bytes of a dataset upload to ImportPath
	MaxErrors     int           // errors listed in one response; the rest are summarised
	PageSize      int           // cost multiplier of a paged field called without first
	ListFactor    int           // cost multiplier of an unpaged list field
	Timeout       time.Duration // per request
	MaxConcurrent int           // GraphQL requests and downloads executing at once; the others wait, within their Timeout
	Introspection bool          // schema introspection and "did you mean" suggestions
}

// Defaults returns the development defaults; Production also turns
// introspection and suggestions off.
func Defaults(production bool) Config {
	return Config{
		Production:    production,
		MaxDepth:      12,
		MaxAliases:    200,
		MaxDirectives: 50,
		MaxComplexity: 25000,
		MaxTokens:     15000,
		MaxBody:       1 << 20,
		MaxImport:     64 << 20,
		MaxErrors:     20,
		PageSize:      100,
		ListFactor:    10,
		Timeout:       15 * time.Second,
		MaxConcurrent: DefaultMaxConcurrent(),
		Introspection: !production,
	}
}

// DefaultMaxConcurrent is four requests per CPU, at least eight. A read is
// CPU work: more requests at once than cores answer none sooner, and each
// holds its answer in memory while it waits for a core, so that memory
// would grow with the clients instead of with the cores.
func DefaultMaxConcurrent() int { return max(8, 4*runtime.GOMAXPROCS(0)) }

// ConfigFromEnv reads RESEAU_ENV, RESEAU_CORS_ORIGINS (comma-separated) and
// the RESEAU_MAX_* variables through getenv (os.Getenv when nil).
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := Defaults(strings.EqualFold(strings.TrimSpace(getenv(EnvEnv)), "production"))
	for _, o := range strings.Split(getenv(EnvCORSOrigins), ",") {
		if o = strings.TrimRight(strings.TrimSpace(o), "/"); o != "" {
			c.CORSOrigins = append(c.CORSOrigins, o)
		}
	}
	ints := []struct {
		env string
		dst *int
	}{{EnvMaxDepth, &c.MaxDepth}, {EnvMaxAliases, &c.MaxAliases}, {EnvMaxComplexity, &c.MaxComplexity}, {EnvMaxTokens, &c.MaxTokens}, {EnvMaxConcurrent, &c.MaxConcurrent}}
	for _, e := range ints {
		if v := getenv(e.env); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return c, fmt.Errorf("%s=%q: want a positive integer", e.env, v)
			}
			*e.dst = n
		}
	}
	sizes := []struct {
		env string
		dst *int64
	}{{EnvMaxBody, &c.MaxBody}, {EnvMaxImport, &c.MaxImport}}
	for _, e := range sizes {
		if v := getenv(e.env); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return c, fmt.Errorf("%s=%q: want a positive number of bytes", e.env, v)
			}
			*e.dst = n
		}
	}
	if v := getenv(EnvTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return c, fmt.Errorf("%s=%q: want a duration such as 15s", EnvTimeout, v)
		}
		c.Timeout = d
	}
	if v := getenv(EnvIntrospection); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("%s=%q: want true or false", EnvIntrospection, v)
		}
		c.Introspection = b
	}
	for _, o := range c.CORSOrigins {
		if o != "*" && !strings.HasPrefix(o, "https://") && !strings.HasPrefix(o, "http://") {
			return c, fmt.Errorf("%s: origin %q must be scheme://host[:port] or *", EnvCORSOrigins, o)
		}
	}
	return c, nil
}
