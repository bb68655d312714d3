package reseau_test

import (
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestNodeID(t *testing.T) {
	id := reseau.NodeID(reseau.TypeOrganisation, "le-meridien")
	typ, key, err := reseau.ParseNodeID(id)
	if err != nil || typ != reseau.TypeOrganisation || key != "le-meridien" {
		t.Errorf("ParseNodeID(NodeID) = %q %q %v", typ, key, err)
	}
	for _, bad := range []string{"", "nope", reseau.NodeID("Nope", "x"), reseau.NodeID(reseau.TypePerson, "")} {
		if _, _, err := reseau.ParseNodeID(bad); reseau.ErrorCode(err) != reseau.EINVALID {
			t.Errorf("ParseNodeID(%q): code %q, want INVALID", bad, reseau.ErrorCode(err))
		}
	}
}
