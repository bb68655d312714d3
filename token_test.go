package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/auth"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestToken mints tokens as `reseau token` does and verifies them with the
// server's configuration from the same environment.
func TestToken(t *testing.T) {
	env := map[string]string{
		auth.EnvSecret:   "token-test-secret-0123456789abcdef",
		auth.EnvIssuer:   "https://id.test",
		auth.EnvAudience: "reseau",
	}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name string
		args []string
		ok   bool
	}{
		{"editor of two organisations", []string{"--role", "editor", "--org", "cpas,amo", "--sub", "alice", "--ttl", "1h"}, true},
		{"linked to a person", []string{"--role", "viewer", "--sub", "alice", "--person", "alice-martin"}, true},
		{"repeated flags", []string{"--role", "viewer", "--role", "admin", "--org", "cpas", "--org", "amo"}, true},
		{"no role", []string{"--sub", "alice"}, false},
		{"unknown role", []string{"--role", "root"}, false},
		{"operand", []string{"--role", "admin", "extra"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, operands, err := parse("token", tt.args, getenv)
			if err == nil && len(operands) > 0 {
				err = reseau.Errorf(reseau.EINVALID, "operand")
			}
			var out bytes.Buffer
			if err == nil {
				err = token(cfg, &out)
			}
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v", err)
			}
			if !tt.ok {
				return
			}
			v, err := auth.NewVerifier(auth.ConfigFromEnv(getenv))
			if err != nil {
				t.Fatal(err)
			}
			c, err := v.Verify(strings.TrimSpace(out.String()))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(c.Roles, cfg.Roles) || !slices.Equal(c.Orgs, cfg.Orgs) || c.Subject != cfg.Sub || c.Person != cfg.Person {
				t.Fatalf("caller %+v, config %+v", c, cfg)
			}
		})
	}
}

// TestServeRefusesUnsafeKeys checks that serve stops before opening the
// store when tokens could not be verified safely.
func TestServeRefusesUnsafeKeys(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for name, env := range map[string]map[string]string{
		"production without a key": {auth.EnvEnv: "production"},
		"short secret":             {auth.EnvSecret: "short"},
		"missing keys file":        {auth.EnvKeys: filepath.Join(t.TempDir(), "none.json")},
		"bad limit":                {"RESEAU_MAX_DEPTH": "deep"},
	} {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "reseau.db")
			err := run(context.Background(), []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, log)
			if err == nil {
				t.Fatal("served")
			}
		})
	}
}
