package auth

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Verifier turns a bearer token into a *reseau.Caller.
type Verifier struct {
	cfg     Config
	methods []string
	keys    []publicKey
	parser  *jwt.Parser
	now     func() time.Time
}

// NewVerifier checks cfg (see Config.Check), loads its keys and returns a
// Verifier that accepts exactly the algorithms of the configured keys.
func NewVerifier(cfg Config) (*Verifier, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	v := &Verifier{cfg: cfg, now: time.Now}
	if len(cfg.Secret) > 0 {
		v.methods = append(v.methods, "HS256")
	}
	if cfg.KeysFile != "" {
		keys, err := loadKeys(cfg.KeysFile)
		if err != nil {
			return nil, err
		}
		v.keys = keys
		for _, k := range keys {
			if !contains(v.methods, k.alg) {
				v.methods = append(v.methods, k.alg)
			}
		}
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods(v.methods),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(Leeway),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(func() time.Time { return v.now() }),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	v.parser = jwt.NewParser(opts...)
	return v, nil
}

// Enabled reports whether any token can be verified at all.
func (v *Verifier) Enabled() bool { return len(v.methods) > 0 }

// Methods returns the accepted signing algorithms.
func (v *Verifier) Methods() []string { return append([]string(nil), v.methods...) }

// Verify checks a token's signature and claims and returns its caller. Every
// failure is an EUNAUTHORIZED *reseau.Error whose message says what is wrong
// with the token, never which key was tried.
func (v *Verifier) Verify(token string) (*reseau.Caller, error) {
	if !v.Enabled() {
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "this server verifies no tokens (set %s or %s)", EnvSecret, EnvKeys)
	}
	claims := jwt.MapClaims{}
	if _, err := v.parser.ParseWithClaims(token, claims, v.keyFor); err != nil {
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "invalid token: %s", reason(err))
	}
	sub, _ := claims["sub"].(string)
	if strings.TrimSpace(sub) == "" {
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "invalid token: no subject (sub)")
	}
	if sub == reseau.System.Subject {
		// The audit log names the command line "system": no token may pass
		// for it.
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "invalid token: the subject %q is reserved", sub)
	}
	roles, err := stringsAt(claims, v.cfg.rolesClaim())
	if err != nil {
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "invalid token: %v", err)
	}
	orgs, err := stringsAt(claims, v.cfg.orgsClaim())
	if err != nil {
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "invalid token: %v", err)
	}
	person, err := stringsAt(claims, v.cfg.personClaim())
	if err != nil || len(person) > 1 {
		return nil, reseau.Errorf(reseau.EUNAUTHORIZED, "invalid token: claim %s must be one person key", v.cfg.personClaim())
	}
	c := &reseau.Caller{Subject: sub, Roles: roles, Orgs: orgs}
	if len(person) == 1 {
		c.Person = strings.TrimSpace(person[0])
	}
	return c, nil
}

// keyFor offers only keys bound to the token's algorithm (HS256: the secret;
// RS256/ES256: the public keys, narrowed by kid when the token has one).
func (v *Verifier) keyFor(t *jwt.Token) (any, error) {
	alg := t.Method.Alg()
	if alg == "HS256" {
		return v.cfg.Secret, nil
	}
	kid, _ := t.Header["kid"].(string)
	var set jwt.VerificationKeySet
	for _, k := range v.keys {
		if k.alg == alg && (kid == "" || k.kid == "" || k.kid == kid) {
			set.Keys = append(set.Keys, k.key)
		}
	}
	if len(set.Keys) == 0 {
		return nil, fmt.Errorf("no %s key with kid %q", alg, kid)
	}
	return set, nil
}

// reason names the first failed check in a few words a client can act on.
func reason(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return "signature or algorithm not accepted"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "a required claim (exp) is missing"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return "not valid yet"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "issued in the future"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "wrong issuer"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "wrong audience"
	default:
		return "rejected"
	}
}

// stringsAt reads an array of strings at a dotted claim path; an absent claim
// is an empty list, a claim of another shape is an error (a token that says
// something we cannot read must not silently lose its roles).
func stringsAt(claims map[string]any, path string) ([]string, error) {
	var cur any = claims
	for _, part := range splitPath(path) {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, nil
		}
		if cur, ok = m[part]; !ok {
			return nil, nil
		}
	}
	switch x := cur.(type) {
	case nil:
		return nil, nil
	case string: // some providers flatten a one-element array
		return []string{x}, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("claim %s is not an array of strings", path)
			}
			out = append(out, s)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("claim %s is not an array of strings", path)
	}
}

func splitPath(path string) []string { return strings.Split(path, ".") }

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
