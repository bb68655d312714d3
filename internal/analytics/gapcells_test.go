package analytics

import (
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

func cellOf(t *testing.T, r *GapReport, domain string, a, b reseau.Sector) *SectorPair {
	t.Helper()
	for i := range r.Domains {
		if r.Domains[i].Domain != domain {
			continue
		}
		for j := range r.Domains[i].Pairs {
			if p := &r.Domains[i].Pairs[j]; p.SectorA == a && p.SectorB == b {
				return p
			}
		}
	}
	t.Fatalf("no cell %s %s–%s", domain, a, b)
	return nil
}

// TestGapCellSantéMentale checks the CPAS × associations cell of Santé
// mentale on the demo. Present (active in the domain, or in a collaboration
// about it that took place): the CPAS itself (host of
// rencontre-sante-mentale-2015), the Pôle Jeunes (speedmeeting-2021,
// immersion-2022) and the DES (immersion-2022); eight associations: anais,
// la-gerbe (speakers at the 2015 meeting), le-meridien, titeca,
// infor-jeunes, maison-des-mediations, mission-locale (the immersion) and
// memoire-vivante (active in the domain, and in no collaboration about it).
// Every association but memoire-vivante met the CPAS side there; every
// CPAS organisation met an association. The CASS alone is tied to
// memoire-vivante (gt-seniors) and to the CPAS side (the CPAS itself, six
// shared collaborations and partnerships): the first bridge, and the
// introduction memoire-vivante → cass → cpas-des (the CASS met the three of
// the CPAS side; the first by key ends the chain).
func TestGapCellSantéMentale(t *testing.T) {
	x := demoIndex(t)
	r := must(x.Gaps(bg, []string{"sante-mentale"}, "", ""))
	sp := cellOf(t, r, "sante-mentale", reseau.SectorCPAS, reseau.SectorAssociatif)
	if sp.OrganisationsA != 3 || sp.OrganisationsB != 8 || sp.Ties != 12 {
		t.Fatalf("cell %+v, want 3 CPAS, 8 associations, 12 ties", sp)
	}
	if len(sp.UntiedA) != 0 || !slices.Equal(sp.UntiedB, []string{"memoire-vivante"}) {
		t.Fatalf("untied %q and %q, want none and memoire-vivante", sp.UntiedA, sp.UntiedB)
	}
	bs := must(sp.Bridges(bg, 3))
	if len(bs) != 3 {
		t.Fatalf("%d bridges, want 3", len(bs))
	}
	b := bs[0]
	if b.Organisation != "cass" || !slices.Equal(b.Reaches, []string{"memoire-vivante"}) || b.TiesA != 3 || b.TiesB != 8 {
		t.Fatalf("first bridge %+v, want cass reaching memoire-vivante, tied to 3 and 8", b)
	}
	if len(b.Links) != 2 || b.Links[0].To != "memoire-vivante" || b.Links[0].Collaboration != "gt-seniors" ||
		b.Links[1].To != "cpas-schaerbeek" || b.Links[1].Weight != 6 {
		t.Fatalf("cass's links %+v, want gt-seniors to memoire-vivante, then the CPAS (weight 6)", b.Links)
	}
	if len(b.Explanations) != 2 || b.Explanations[0].Code != i18n.GapBridge || b.Explanations[1].Code != i18n.GapBridgeReaches {
		t.Fatalf("explanations %+v", b.Explanations)
	}
	if got := b.Explanations[1].Text(i18n.FR); got != "Coordination de l'Action Sociale de Schaerbeek est liée à Mémoire Vivante, que rien ne lie encore au secteur CPAS dans « Santé mentale »" {
		t.Errorf("French text %q", got)
	}
	// Then the two that met both sides at the immersion and are parties to
	// its convention with the CPAS: 3 CPAS and 5 associations each.
	for i, want := range []string{"sapv", "soleil-du-nord"} {
		if b := bs[i+1]; b.Organisation != want || b.TiesA != 3 || b.TiesB != 5 || len(b.Reaches) != 0 || len(b.Links) != 2 {
			t.Errorf("bridge %d = %+v, want %s (3, 5, two links)", i+1, b, want)
		}
	}
	p := must(sp.Introduction(bg))
	if p == nil || !slices.Equal(p.Organisations, []string{"memoire-vivante", "cass", "cpas-des"}) {
		t.Fatalf("introduction %+v, want memoire-vivante → cass → cpas-des", p)
	}
	if _, err := sp.Bridges(bg, -1); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("first -1: %v, want EINVALID", err)
	}

	// A cell with an absent side has no untied and no bridge; a cell
	// nobody is untied in, no introduction.
	r2 := must(x.Gaps(bg, []string{"seniors"}, "", ""))
	for _, d := range r2.Domains {
		for i := range d.Pairs {
			p := &d.Pairs[i]
			if (p.OrganisationsA == 0 || p.OrganisationsB == 0) && (len(p.UntiedA)+len(p.UntiedB) > 0 || len(must(p.Bridges(bg, 0))) > 0) {
				t.Errorf("%s %s–%s with an absent side: untied %q %q", d.Domain, p.SectorA, p.SectorB, p.UntiedA, p.UntiedB)
			}
			if len(p.UntiedA)+len(p.UntiedB) == 0 && must(p.Introduction(bg)) != nil {
				t.Errorf("%s %s–%s: an introduction with nobody untied", d.Domain, p.SectorA, p.SectorB)
			}
		}
	}
}

// TestGapCellsUntiedAgreeWithTies checks every cell of every domain and a
// window: an organisation is untied exactly when no counted pair joins it to
// the other side, which is recomputed here collaboration by collaboration
// (Gaps works pair by pair).
func TestGapCellsUntiedAgreeWithTies(t *testing.T) {
	x := demoIndex(t)
	for _, w := range [][2]string{{"", ""}, {"2015", "2015"}, {"2021", "2022"}} {
		r := must(x.Gaps(bg, nil, w[0], w[1]))
		for _, d := range r.Domains {
			for _, p := range d.Pairs {
				for _, side := range []struct {
					untied     []string
					mine, them reseau.Sector
					n          int
				}{{p.UntiedA, p.SectorA, p.SectorB, p.OrganisationsA}, {p.UntiedB, p.SectorB, p.SectorA, p.OrganisationsB}} {
					if p.OrganisationsA == 0 || p.OrganisationsB == 0 {
						continue
					}
					met := metAcross(x, d.Domain, side.mine, side.them, w[0], w[1])
					if len(side.untied)+len(met) != side.n {
						t.Errorf("%v %s %s–%s: %d untied + %d met ≠ %d present", w, d.Domain, side.mine, side.them, len(side.untied), len(met), side.n)
					}
					for _, k := range side.untied {
						if met[k] {
							t.Errorf("%v %s: %s is untied but met %s", w, d.Domain, k, side.them)
						}
					}
				}
			}
		}
	}
}

// metAcross returns the organisations of sector mine that took part, with
// one of sector them, in a tie-making collaboration about domain (or whose
// parent is about it, when it has no domain) overlapping [since, until],
// neither invite_absent.
func metAcross(x *Index, domain string, mine, them reseau.Sector, since, until string) map[string]bool {
	w, _ := windowOf(since, until)
	met := map[string]bool{}
	for c := range x.ds.Collaborations {
		about := false
		for _, d := range x.colDom.row(int32(c)) {
			about = about || x.domKey(d) == domain
		}
		if !about || !w.holds(x.colSpan[c]) {
			continue
		}
		orgs := x.colOrg.row(int32(c))
		for _, a := range orgs {
			for _, b := range orgs {
				if x.sector(a) == mine && x.sector(b) == them {
					met[x.orgKey(a)] = true
				}
			}
		}
	}
	return met
}

// TestIsolatedBy checks gaps' isolated(ties, fewerThan) against the degrees
// of the organisation graphs: without a period, the organisations of fewer
// than k neighbours by the ties asked.
func TestIsolatedBy(t *testing.T) {
	x := demoIndex(t)
	r := must(x.Gaps(bg, []string{"jeunesse"}, "", ""))
	if got := must(r.IsolatedBy(bg, 0, 0)); !slices.Equal(got, r.Isolated) {
		t.Fatalf("IsolatedBy(both, 1) = %q, want the report's %q", got, r.Isolated)
	}
	for _, ties := range []Ties{TiesCollaboration, TiesPartnership, TiesAll} {
		for _, k := range []int{1, 2, 5} {
			var want []string
			g := x.graph(ties)
			for v := int32(0); v < int32(g.n); v++ {
				if g.degree(v) < k {
					want = append(want, x.orgKey(v))
				}
			}
			slices.Sort(want)
			if got := must(r.IsolatedBy(bg, ties, k)); !slices.Equal(got, want) {
				t.Errorf("IsolatedBy(%v, %d) = %q, want %q", ties, k, got, want)
			}
		}
	}
	// Only adhesions to the CSS: isolated by collaboration, not by partnership.
	if c, p := must(r.IsolatedBy(bg, TiesCollaboration, 1)), must(r.IsolatedBy(bg, TiesPartnership, 1)); !slices.Contains(c, "aptb") || slices.Contains(p, "aptb") {
		t.Errorf("aptb: isolated by collaboration %v, by partnership %v; want true, false", slices.Contains(c, "aptb"), slices.Contains(p, "aptb"))
	}
	// In 2010 only the colloquium and its workshops tie anyone.
	r10 := must(x.Gaps(bg, []string{"jeunesse"}, "2010", "2010"))
	got := must(r10.IsolatedBy(bg, TiesCollaboration, 1))
	if slices.Contains(got, "cass") || !slices.Contains(got, "cpas-pole-jeunes") {
		t.Errorf("isolated by collaboration in 2010 %q: want the Pôle Jeunes, not the CASS", got)
	}
	if _, err := r.IsolatedBy(bg, 0, -1); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("fewerThan -1: %v, want EINVALID", err)
	}
}
