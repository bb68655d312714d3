// Package auth authenticates GraphQL callers from a bearer JWT and mints
// development tokens. It only says who the caller is (a *reseau.Caller in the
// request context); what a caller may do is decided in one place, the
// internal/authz store decorator.
package auth

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// Environment variables read by ConfigFromEnv.
const (
	EnvSecret     = "RESEAU_JWT_SECRET"
	EnvKeys       = "RESEAU_JWT_KEYS"
	EnvIssuer     = "RESEAU_JWT_ISSUER"
	EnvAudience   = "RESEAU_JWT_AUDIENCE"
	EnvRolesClaim = "RESEAU_JWT_ROLES_CLAIM"
	EnvOrgsClaim  = "RESEAU_JWT_ORGS_CLAIM"
	// EnvPersonClaim names the claim linking a token's subject to a person.
	EnvPersonClaim = "RESEAU_JWT_PERSON_CLAIM"
	EnvEnv         = "RESEAU_ENV"
)

// MinSecretLen is the shortest HS256 secret accepted: RFC 7518 §3.2 asks for
// a key at least as long as the hash, and a short secret can be brute-forced
// offline from any token.
const MinSecretLen = 32

// Leeway is the clock skew tolerated on exp, nbf and iat: small, because a
// stolen token must not outlive its expiry by much.
const Leeway = 30 * time.Second

// Config is how tokens are verified. Secret and KeysFile may both be set (a
// local HS256 secret for development tokens next to an identity provider's
// keys); neither set means no token can be verified and every caller is
// anonymous.
type Config struct {
	Secret     []byte // HS256 shared secret
	KeysFile   string // PEM (public keys or certificates) or JWKS file for RS256/ES256
	Issuer     string // required "iss" when set
	Audience   string // required in "aud" when set
	RolesClaim string // dotted path of the roles array, default "roles" ("realm_access.roles" for Keycloak)
	OrgsClaim  string // dotted path of the organisation keys array, default "orgs"
	// PersonClaim is the dotted path of the key of the person the subject
	// is, default "person"; a token without it is signed in as nobody in
	// particular (`me` is null).
	PersonClaim string
	Production  bool // RESEAU_ENV=production: a key is mandatory
}

// ConfigFromEnv reads the RESEAU_JWT_* variables and RESEAU_ENV through
// getenv (os.Getenv when nil).
func ConfigFromEnv(getenv func(string) string) Config {
	if getenv == nil {
		getenv = os.Getenv
	}
	return Config{
		Secret:      []byte(getenv(EnvSecret)),
		KeysFile:    getenv(EnvKeys),
		Issuer:      getenv(EnvIssuer),
		Audience:    getenv(EnvAudience),
		RolesClaim:  getenv(EnvRolesClaim),
		OrgsClaim:   getenv(EnvOrgsClaim),
		PersonClaim: getenv(EnvPersonClaim),
		Production:  strings.EqualFold(strings.TrimSpace(getenv(EnvEnv)), "production"),
	}
}

// Check reports a configuration that must stop the server: a secret too
// short to be safe, or no key at all in production (where an API that only
// ever sees anonymous callers is a misconfiguration, not a mode).
func (c Config) Check() error {
	if len(c.Secret) > 0 && len(c.Secret) < MinSecretLen {
		return fmt.Errorf("%s is %d bytes long; use at least %d (e.g. `openssl rand -hex 32`)", EnvSecret, len(c.Secret), MinSecretLen)
	}
	if c.Production && len(c.Secret) == 0 && c.KeysFile == "" {
		return fmt.Errorf("RESEAU_ENV=production needs %s or %s: refusing to start without a way to verify tokens", EnvSecret, EnvKeys)
	}
	return nil
}

func (c Config) rolesClaim() string {
	if c.RolesClaim == "" {
		return "roles"
	}
	return c.RolesClaim
}

func (c Config) orgsClaim() string {
	if c.OrgsClaim == "" {
		return "orgs"
	}
	return c.OrgsClaim
}

func (c Config) personClaim() string {
	if c.PersonClaim == "" {
		return "person"
	}
	return c.PersonClaim
}
