package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestFormatError checks the translation of the driver's own errors, which
// the store's explicit checks usually pre-empt.
func TestFormatError(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.w.Exec(`INSERT INTO domains(key, label_fr) VALUES ('d', 'D')`); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		sql  string
		code string
	}{
		{"primary key", `INSERT INTO domains(key, label_fr) VALUES ('d', 'D')`, reseau.ECONFLICT},
		{"foreign key", `INSERT INTO organisation_domains(domain_key, org_key) VALUES ('d', 'nope')`, reseau.EINVALID},
		{"syntax", `INSERT INTO nowhere VALUES (1)`, reseau.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.w.Exec(tt.sql)
			if got := reseau.ErrorCode(formatError(err)); got != tt.code {
				t.Errorf("formatError(%v) code = %q, want %q", err, got, tt.code)
			}
		})
	}
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{})
	if got := reseau.ErrorCode(err); got != reseau.EUNAVAILABLE {
		t.Errorf("cancelled read: code %q (%v), want %q", got, err, reseau.EUNAVAILABLE)
	}
}
