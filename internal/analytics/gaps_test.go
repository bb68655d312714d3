package analytics

import (
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestGaps(t *testing.T) {
	x := demoIndex(t)
	r, err := x.Gaps(bg, nil, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Domains) != 21 {
		t.Fatalf("%d domains, want 21", len(r.Domains))
	}
	for _, d := range r.Domains {
		gaps := 0
		for _, p := range d.Pairs {
			both := p.OrganisationsA > 0 && p.OrganisationsB > 0
			if p.Gap != (both && p.Ties == 0) || p.Density < 0 || p.Density > 1 {
				t.Errorf("%s %s–%s: %+v", d.Domain, p.SectorA, p.SectorB, p)
			}
			if p.Gap {
				gaps++
			}
		}
		if gaps != d.Gaps || len(d.Pairs) != 10 {
			t.Errorf("%s: %d gaps counted, %d reported, %d pairs", d.Domain, gaps, d.Gaps, len(d.Pairs))
		}
	}
	// Seniors: gt-seniors joins 3 CPAS services with 4 associations, and its
	// meeting with the Council adds the Council–Maison Biloba pair.
	seniors := r.Domains[slices.IndexFunc(r.Domains, func(d DomainGaps) bool { return d.Domain == "seniors" })]
	if p := seniors.Pairs[0]; p.SectorA != reseau.SectorCPAS || p.SectorB != reseau.SectorAssociatif || p.Ties != 13 || p.OrganisationsA != 4 || p.OrganisationsB != 4 {
		t.Errorf("seniors CPAS–ASSOCIATIF = %+v, want 13 ties between 4 and 4", p)
	}
	if !slices.ContainsFunc(r.IncompleteProfiles, func(p IncompleteProfile) bool { return p.MissingDomain }) {
		t.Error("no incomplete profile, but the demo has organisations without domain")
	}
	for _, tc := range []struct {
		name         string
		domains      []string
		since, until string
		code         string
	}{
		{"unknown domain", []string{"astrologie"}, "", "", reseau.ENOTFOUND},
		{"bad date", nil, "2015-13", "", reseau.EINVALID},
		{"a window", []string{"jeunesse"}, "2022", "2022", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := x.Gaps(bg, tc.domains, tc.since, tc.until)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want %q", err, tc.code)
			}
		})
	}
	// In 2010 only the colloquium was held: the immersion of 2022 makes no
	// jeunesse tie, and the mental-health meeting of 2015 none either.
	r10, _ := x.Gaps(bg, []string{"jeunesse"}, "2010", "2010")
	for _, p := range r10.Domains[0].Pairs {
		if p.Ties != 0 {
			t.Errorf("jeunesse in 2010: %+v", p)
		}
	}
}

func TestSuggestedMeetings(t *testing.T) {
	x := demoIndex(t)
	ms, err := x.SuggestedMeetings(bg, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 50 {
		t.Fatalf("%d meetings, want 50", len(ms))
	}
	g := x.graph(TiesAll)
	for i, m := range ms {
		a, b := x.orgIdx[m.A], x.orgIdx[m.B]
		if _, tied := slices.BinarySearch(g.row(a), b); tied || x.orgSector[a] == x.orgSector[b] || len(m.SharedDomains) == 0 || len(m.Explanations) == 0 {
			t.Errorf("meeting %d: %+v", i, m)
		}
		if i > 0 && (len(m.SharedDomains) > len(ms[i-1].SharedDomains) ||
			len(m.SharedDomains) == len(ms[i-1].SharedDomains) && m.AdamicAdar > ms[i-1].AdamicAdar) {
			t.Errorf("meeting %d ranks above %d", i, i-1)
		}
	}
	if _, err := x.SuggestedMeetings(bg, "astrologie", 5); reseau.ErrorCode(err) != reseau.ENOTFOUND {
		t.Errorf("unknown domain: %v", err)
	}
	if _, err := x.SuggestedMeetings(bg, "", MaxFirst+1); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("first too large: %v", err)
	}
}

func TestGapBrokers(t *testing.T) {
	x := demoIndex(t)
	for _, tc := range []struct {
		name   string
		scope  reseau.PeopleScope
		people bool
	}{
		{"anonymous: organisations only", reseau.PeopleScope{None: true}, false},
		{"viewer: visible people", reseau.PeopleScope{Orgs: []string{"cass"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := x.GapBrokers(bg, tc.scope, "jeunesse", reseau.SectorCPAS, reseau.SectorAssociatif, 10)
			if err != nil {
				t.Fatal(err)
			}
			if r.Organisations[0].Organisation != "cass" {
				t.Errorf("top gap broker = %+v, want cass", r.Organisations[0])
			}
			if (len(r.People) > 0) != tc.people {
				t.Errorf("%d people", len(r.People))
			}
			sc := x.scope(tc.scope)
			for _, p := range r.People {
				if !sc.visible(x.perIdx[p.Person]) || p.ReachA == 0 || p.ReachB == 0 {
					t.Errorf("person %+v", p)
				}
			}
		})
	}
	if _, err := x.GapBrokers(bg, reseau.PeopleScope{}, "jeunesse", reseau.SectorCPAS, reseau.SectorCPAS, 10); reseau.ErrorCode(err) != reseau.EINVALID {
		t.Errorf("same sector: %v", err)
	}
}
