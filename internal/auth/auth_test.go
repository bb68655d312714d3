package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

var secret = []byte("0123456789abcdef0123456789abcdef-test")

type keyring struct {
	rsa     *rsa.PrivateKey
	ec      *ecdsa.PrivateKey
	rsaPEM  []byte // public key PEM, as an attacker would download it
	pemFile string
	jwks    string
}

func newKeyring(t *testing.T) *keyring {
	t.Helper()
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rder, _ := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	eder, _ := x509.MarshalPKIXPublicKey(&ek.PublicKey)
	rpem := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: rder})
	epem := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: eder})
	k := &keyring{rsa: rk, ec: ek, rsaPEM: rpem, pemFile: filepath.Join(dir, "keys.pem"), jwks: filepath.Join(dir, "jwks.json")}
	if err := os.WriteFile(k.pemFile, append(rpem, epem...), 0o600); err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	ecb, _ := ek.PublicKey.Bytes() // 0x04 || X || Y
	set := map[string]any{"keys": []map[string]string{
		{"kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256", "n": b64(rk.N.Bytes()), "e": b64(big.NewInt(int64(rk.E)).Bytes())},
		{"kty": "EC", "kid": "ec-1", "crv": "P-256", "x": b64(ecb[1:33]), "y": b64(ecb[33:])},
	}}
	b, _ := json.Marshal(set)
	if err := os.WriteFile(k.jwks, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return k
}

func claims(mod func(jwt.MapClaims)) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{
		"sub": "alice", "iss": "https://id.example", "aud": "reseau",
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"roles": []string{"editor"}, "orgs": []string{"lemeridien"},
	}
	if mod != nil {
		mod(c)
	}
	return c
}

func sign(t *testing.T, m jwt.SigningMethod, key any, c jwt.MapClaims, kid string) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// unsigned builds an alg "none" token by hand, as an attacker would.
func unsigned(c jwt.MapClaims) string {
	h, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT"})
	b, _ := json.Marshal(c)
	enc := base64.RawURLEncoding.EncodeToString
	return enc(h) + "." + enc(b) + "."
}

func TestVerify(t *testing.T) {
	k := newKeyring(t)
	base := Config{Secret: secret, Issuer: "https://id.example", Audience: "reseau"}
	withPEM := base
	withPEM.KeysFile = k.pemFile
	onlyRSA := Config{KeysFile: k.pemFile, Issuer: "https://id.example", Audience: "reseau"}
	onlyJWKS := Config{KeysFile: k.jwks, Issuer: "https://id.example", Audience: "reseau"}
	otherRSA, _ := rsa.GenerateKey(rand.Reader, 2048)
	hour := time.Hour

	tests := []struct {
		name  string
		cfg   Config
		token string
		ok    bool
	}{
		{"HS256 valid", base, sign(t, jwt.SigningMethodHS256, secret, claims(nil), ""), true},
		{"RS256 valid (PEM)", withPEM, sign(t, jwt.SigningMethodRS256, k.rsa, claims(nil), ""), true},
		{"ES256 valid (PEM)", withPEM, sign(t, jwt.SigningMethodES256, k.ec, claims(nil), ""), true},
		{"RS256 valid (JWKS, kid)", onlyJWKS, sign(t, jwt.SigningMethodRS256, k.rsa, claims(nil), "rsa-1"), true},
		{"ES256 valid (JWKS, kid)", onlyJWKS, sign(t, jwt.SigningMethodES256, k.ec, claims(nil), "ec-1"), true},
		{"RS256 unknown kid", onlyJWKS, sign(t, jwt.SigningMethodRS256, k.rsa, claims(nil), "rsa-2"), false},
		{"RS256 kid of the EC key", onlyJWKS, sign(t, jwt.SigningMethodRS256, k.rsa, claims(nil), "ec-1"), false},
		{"alg none", base, unsigned(claims(nil)), false},
		{"alg none, keys only", onlyRSA, unsigned(claims(nil)), false},
		{"HS256 signed with the RSA public key (no secret configured)", onlyRSA, sign(t, jwt.SigningMethodHS256, k.rsaPEM, claims(nil), ""), false},
		{"HS256 signed with the RSA public key (secret configured too)", withPEM, sign(t, jwt.SigningMethodHS256, k.rsaPEM, claims(nil), ""), false},
		{"HS256 signed with the JWKS key's PEM", onlyJWKS, sign(t, jwt.SigningMethodHS256, k.rsaPEM, claims(nil), "rsa-1"), false},
		{"HS384 with the right secret", base, sign(t, jwt.SigningMethodHS384, secret, claims(nil), ""), false},
		{"RS256 when only a secret is configured", base, sign(t, jwt.SigningMethodRS256, k.rsa, claims(nil), ""), false},
		{"wrong HMAC secret", base, sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), claims(nil), ""), false},
		{"wrong RSA key", withPEM, sign(t, jwt.SigningMethodRS256, otherRSA, claims(nil), ""), false},
		{"tampered payload", base, tamper(sign(t, jwt.SigningMethodHS256, secret, claims(nil), "")), false},
		{"expired", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) {
			c["iat"] = time.Now().Add(-2 * hour).Unix()
			c["exp"] = time.Now().Add(-time.Minute).Unix()
		}), ""), false},
		{"expired within leeway", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) {
			c["exp"] = time.Now().Add(-10 * time.Second).Unix()
		}), ""), true},
		{"not valid yet", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) {
			c["nbf"] = time.Now().Add(10 * time.Minute).Unix()
		}), ""), false},
		{"issued in the future", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) {
			c["iat"] = time.Now().Add(10 * time.Minute).Unix()
		}), ""), false},
		{"wrong issuer", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" }), ""), false},
		{"no issuer", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "iss") }), ""), false},
		{"wrong audience", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["aud"] = []string{"other"} }), ""), false},
		{"no audience", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "aud") }), ""), false},
		{"missing exp", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "exp") }), ""), false},
		{"missing sub", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "sub") }), ""), false},
		{"reserved sub", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["sub"] = "system" }), ""), false},
		{"roles not an array of strings", base, sign(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["roles"] = []any{1, 2} }), ""), false},
		{"garbage", base, "not.a.token", false},
		{"empty", base, "", false},
		{"no key configured", Config{}, sign(t, jwt.SigningMethodHS256, secret, claims(nil), ""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := NewVerifier(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			c, err := v.Verify(tt.token)
			if tt.ok {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				if c.Subject != "alice" || !slices.Equal(c.Roles, []string{"editor"}) || !slices.Equal(c.Orgs, []string{"lemeridien"}) {
					t.Fatalf("caller = %+v", c)
				}
				return
			}
			if code := reseau.ErrorCode(err); code != reseau.EUNAUTHORIZED {
				t.Fatalf("code = %q (err %v, caller %+v), want %s", code, err, c, reseau.EUNAUTHORIZED)
			}
		})
	}
}

func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	b, _ := base64.RawURLEncoding.DecodeString(parts[1])
	b = []byte(strings.Replace(string(b), `"editor"`, `"admin"`, 1))
	parts[1] = base64.RawURLEncoding.EncodeToString(b)
	return strings.Join(parts, ".")
}

func TestRolesClaimPath(t *testing.T) {
	cfg := Config{Secret: secret, RolesClaim: "realm_access.roles", OrgsClaim: "reseau.orgs"}
	v, err := NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tok := sign(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{
		"sub": "kc-user", "exp": time.Now().Add(time.Hour).Unix(),
		"realm_access": map[string]any{"roles": []string{"offline_access", "coordinator"}},
		"reseau":       map[string]any{"orgs": []string{"cass"}},
	}, "")
	c, err := v.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasRole(reseau.RoleCoordinator) || !slices.Equal(c.Orgs, []string{"cass"}) {
		t.Fatalf("caller = %+v", c)
	}
	// A minted token with the same configuration round-trips.
	minted, err := cfg.Mint("dev", []string{"viewer"}, []string{"a", "b"}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if c, err = v.Verify(minted); err != nil || !slices.Equal(c.Roles, []string{"viewer"}) || !slices.Equal(c.Orgs, []string{"a", "b"}) {
		t.Fatalf("minted: caller %+v, err %v", c, err)
	}
}

func TestConfigCheck(t *testing.T) {
	k := newKeyring(t)
	bad := filepath.Join(t.TempDir(), "priv.pem")
	der, _ := x509.MarshalPKCS8PrivateKey(k.rsa)
	_ = os.WriteFile(bad, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"development without a key", Config{}, true},
		{"production without a key", Config{Production: true}, false},
		{"production with a secret", Config{Production: true, Secret: secret}, true},
		{"production with keys", Config{Production: true, KeysFile: k.jwks}, true},
		{"short secret", Config{Secret: []byte("short")}, false},
		{"missing keys file", Config{KeysFile: filepath.Join(t.TempDir(), "none.pem")}, false},
		{"private key in the keys file", Config{KeysFile: bad}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewVerifier(tt.cfg)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{EnvSecret: string(secret), EnvEnv: "Production", EnvRolesClaim: "realm_access.roles"}
	c := ConfigFromEnv(func(k string) string { return env[k] })
	if !c.Production || string(c.Secret) != string(secret) || c.rolesClaim() != "realm_access.roles" || c.orgsClaim() != "orgs" {
		t.Fatalf("config = %+v", c)
	}
}

func TestMint(t *testing.T) {
	tok, err := Mint(secret, "bob", []string{"admin"}, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := NewVerifier(Config{Secret: secret})
	c, err := v.Verify(tok)
	if err != nil || c.Subject != "bob" || !c.HasRole(reseau.RoleAdmin) {
		t.Fatalf("caller %+v, err %v", c, err)
	}
	for name, f := range map[string]func() (string, error){
		"short secret": func() (string, error) { return Mint([]byte("x"), "bob", nil, nil, time.Hour) },
		"no subject":   func() (string, error) { return Mint(secret, "", nil, nil, time.Hour) },
		"no lifetime":  func() (string, error) { return Mint(secret, "bob", nil, nil, 0) },
	} {
		if _, err := f(); err == nil {
			t.Errorf("%s: minted", name)
		}
	}
}
