package auth

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
)

// publicKey is one verification key with the algorithm it serves. Binding a
// key to one algorithm is what defeats algorithm confusion: an RSA key is
// never offered to verify an HMAC token, and vice versa.
type publicKey struct {
	kid string
	alg string // "RS256" or "ES256"
	key any    // *rsa.PublicKey or *ecdsa.PublicKey
}

// loadKeys reads a JWKS document or a PEM file of public keys and
// certificates.
func loadKeys(path string) ([]publicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", EnvKeys, err)
	}
	var keys []publicKey
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		keys, err = parseJWKS(t)
	} else {
		keys, err = parsePEM(b)
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", EnvKeys, path, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s %s: no RS256 or ES256 public key found", EnvKeys, path)
	}
	return keys, nil
}

func parsePEM(b []byte) ([]publicKey, error) {
	var keys []publicKey
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			return keys, nil
		}
		var pub any
		switch block.Type {
		case "PUBLIC KEY":
			k, err := x509.ParsePKIXPublicKey(block.Bytes)
			if err != nil {
				return nil, err
			}
			pub = k
		case "RSA PUBLIC KEY":
			k, err := x509.ParsePKCS1PublicKey(block.Bytes)
			if err != nil {
				return nil, err
			}
			pub = k
		case "CERTIFICATE":
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, err
			}
			pub = cert.PublicKey
		default:
			// Private keys have no business in a verification key file.
			return nil, fmt.Errorf("unexpected PEM block %q (want PUBLIC KEY or CERTIFICATE)", block.Type)
		}
		k, err := bindKey("", "", pub)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
}

// jwk holds the JWK members used for RSA and P-256 public keys.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

func parseJWKS(b []byte) ([]publicKey, error) {
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("JWKS: %w", err)
	}
	var keys []publicKey
	for i, j := range set.Keys {
		if j.Use != "" && j.Use != "sig" {
			continue // encryption keys cannot verify signatures
		}
		var pub any
		switch j.Kty {
		case "RSA":
			n, err1 := base64.RawURLEncoding.DecodeString(j.N)
			e, err2 := base64.RawURLEncoding.DecodeString(j.E)
			if err := errors.Join(err1, err2); err != nil || len(n) == 0 || len(e) == 0 || len(e) > 4 {
				return nil, fmt.Errorf("JWKS key %d (%s): bad RSA modulus or exponent", i, j.Kid)
			}
			pub = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		case "EC":
			if j.Crv != "P-256" {
				continue // ES384/ES512 are not accepted
			}
			x, err1 := base64.RawURLEncoding.DecodeString(j.X)
			y, err2 := base64.RawURLEncoding.DecodeString(j.Y)
			if err := errors.Join(err1, err2); err != nil || len(x) != 32 || len(y) != 32 {
				return nil, fmt.Errorf("JWKS key %d (%s): bad P-256 point", i, j.Kid)
			}
			k, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
			if err != nil {
				return nil, fmt.Errorf("JWKS key %d (%s): %w", i, j.Kid, err)
			}
			pub = k
		default:
			continue
		}
		k, err := bindKey(j.Kid, j.Alg, pub)
		if err != nil {
			return nil, fmt.Errorf("JWKS key %d (%s): %w", i, j.Kid, err)
		}
		if k.alg != "" {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// bindKey ties pub to the one algorithm it may verify. A JWK whose "alg"
// names another algorithm is skipped (alg ""), not trusted for ours.
func bindKey(kid, alg string, pub any) (publicKey, error) {
	var want string
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return publicKey{}, fmt.Errorf("RSA key of %d bits: at least 2048 required", k.N.BitLen())
		}
		want = "RS256"
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return publicKey{}, errors.New("EC key not on P-256: only ES256 is accepted")
		}
		want = "ES256"
	default:
		return publicKey{}, fmt.Errorf("unsupported public key type %T (want RSA or P-256)", pub)
	}
	if alg != "" && alg != want {
		return publicKey{kid: kid}, nil
	}
	return publicKey{kid: kid, alg: want, key: pub}, nil
}
