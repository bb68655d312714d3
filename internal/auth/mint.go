package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Mint signs an HS256 development token for sub with the given roles and
// organisation keys, valid for ttl. It is what `reseau token` prints; tokens
// for real users come from an identity provider.
func Mint(secret []byte, sub string, roles, orgs []string, ttl time.Duration) (string, error) {
	return mint(Config{Secret: secret}, sub, "", roles, orgs, ttl, time.Now())
}

// Mint signs a token that a Verifier built from c accepts: HS256 with its secret,
// its issuer and audience, roles and organisations at its claim paths.
func (c Config) Mint(sub string, roles, orgs []string, ttl time.Duration) (string, error) {
	return mint(c, sub, "", roles, orgs, ttl, time.Now())
}

// MintPerson is Mint for a subject linked to a person: the token carries the
// person's key at c's person claim, and `me` answers that person.
func (c Config) MintPerson(sub, person string, roles, orgs []string, ttl time.Duration) (string, error) {
	return mint(c, sub, person, roles, orgs, ttl, time.Now())
}

func mint(c Config, sub, person string, roles, orgs []string, ttl time.Duration, now time.Time) (string, error) {
	if len(c.Secret) < MinSecretLen {
		return "", fmt.Errorf("%s must be set to at least %d bytes to mint a token", EnvSecret, MinSecretLen)
	}
	if sub == "" {
		return "", errors.New("a token needs a subject")
	}
	if ttl <= 0 {
		return "", errors.New("a token needs a positive lifetime")
	}
	claims := jwt.MapClaims{
		"sub": sub,
		"iat": now.Unix(),
		"nbf": now.Unix(),
		"exp": now.Add(ttl).Unix(),
	}
	if c.Issuer != "" {
		claims["iss"] = c.Issuer
	}
	if c.Audience != "" {
		claims["aud"] = c.Audience
	}
	setAt(claims, c.rolesClaim(), nonNil(roles))
	setAt(claims, c.orgsClaim(), nonNil(orgs))
	if person != "" {
		setAt(claims, c.personClaim(), person)
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(c.Secret)
}

// setAt stores v at a dotted path, creating the intermediate objects.
func setAt(m map[string]any, path string, v any) {
	parts := splitPath(path)
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
