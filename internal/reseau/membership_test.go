package reseau_test

import (
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// TestPartiesTied: a partnership is a membership only when it has a network
// party of kind reseau.KindMembership; then its members are tied to the
// network only, and any other partnership ties its first two parties.
func TestPartiesTied(t *testing.T) {
	const member, network = "membre", reseau.RoleNetwork
	for _, tc := range []struct {
		name  string
		kind  string
		roles []string // every party's role; the pair asked about is the first two
		want  bool
	}{
		{"two members of a membership", reseau.KindMembership, []string{member, member, network}, false},
		{"member and network", reseau.KindMembership, []string{member, network}, true},
		{"network and member", reseau.KindMembership, []string{network, member}, true},
		{"convention with a network party", "convention", []string{"partie", "partie", network}, true},
		{"adhesion without a network party", reseau.KindMembership, []string{member, member}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			membership := false
			for _, r := range tc.roles {
				membership = membership || reseau.NetworkParty(tc.kind, r)
			}
			if got := reseau.PartiesTied(membership, tc.roles[0], tc.roles[1]); got != tc.want {
				t.Errorf("PartiesTied = %v, want %v", got, tc.want)
			}
		})
	}
}
