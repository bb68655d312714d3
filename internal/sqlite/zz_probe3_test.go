package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

func TestProbeStats(t *testing.T) {
	b := &testing.B{}
	_ = b
	ds := scaleT(t, "M")
	size := map[string]int{}
	for _, p := range ds.Parties {
		size[p.PartnershipKey]++
	}
	big := 0
	for _, n := range size {
		big = max(big, n)
	}
	t.Logf("rows %d orgs %d people %d collabs %d parts %d pparts %d partnerships %d parties %d biggest %d knows %d memberships %d",
		ds.Rows(), len(ds.Organisations), len(ds.People), len(ds.Collaborations), len(ds.Participations), len(ds.PersonParticipations), len(ds.Partnerships), len(ds.Parties), big, len(ds.Knows), len(ds.Memberships))
	_ = sql.ErrNoRows
	_ = reseau.TypeDomain
	_ = sqlite.Open
	_ = context.Background
}
func scaleT(t *testing.T, name string) *reseau.Dataset { return scale(t, name) }
