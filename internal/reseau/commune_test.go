package reseau_test

import (
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestFoldCommune(t *testing.T) {
	for _, c := range [][2]string{
		{"Schaarbeek", "Schaerbeek"}, {"SCHAERBEEK", "schaerbeek"}, {"Sint-Joost-ten-Node", "Saint-Josse-ten-Noode"},
		{"Elsene", "Ixelles"}, {"Brussel", "Bruxelles"}, {"Stad Brussel", "Bruxelles"}, {"Watermaal-Bosvoorde", "Watermael-Boitsfort"},
		{"Sint-Pieters-Woluwe", "Woluwe-Saint-Pierre"}, {"Liège", "liege"},
	} {
		if got, want := reseau.FoldCommune(c[0]), reseau.FoldCommune(c[1]); got != want || got == "" {
			t.Errorf("FoldCommune(%q) = %q, FoldCommune(%q) = %q: want one commune", c[0], got, c[1], want)
		}
	}
	if reseau.FoldCommune("Anderlecht") == reseau.FoldCommune("Schaerbeek") {
		t.Error("two communes fold alike")
	}
}
