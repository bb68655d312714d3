package analytics

import (
	"github.com/reseau-bxl/reseau/internal/demo"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestOrganisationPath(t *testing.T) {
	x := demoIndex(t)
	for _, tc := range []struct {
		name     string
		from, to string
		hops     int
		ties     Ties
		want     []string // nil: no path
		kinds    []string
		code     string
	}{
		{"one immersion apart", "le-meridien", "cpas-pole-jeunes", 0, TiesAll, []string{"le-meridien", "cpas-pole-jeunes"}, []string{KindCollaboration}, ""},
		// Le Méridien was invite_absent at the mental-health meeting: no tie with La Gerbe from it.
		{"invite_absent makes no tie", "le-meridien", "la-gerbe", 0, TiesCollaboration, []string{"le-meridien", "cass", "la-gerbe"}, []string{KindCollaboration, KindCollaboration}, ""},
		// Two members of the CSS are tied to the network, not to each other.
		{"membership ties members to the network only", "aksent", "amos", 0, TiesPartnership, []string{"aksent", "css", "amos"}, []string{KindPartnership, KindPartnership}, ""},
		{"same organisation", "cass", "cass", 0, TiesAll, []string{"cass"}, nil, ""},
		{"no collaboration of cocom", "cocom", "cass", 0, TiesCollaboration, nil, nil, ""},
		{"beyond maxHops", "aksent", "amos", 1, TiesPartnership, nil, nil, ""},
		{"maxHops above 8", "aksent", "amos", 9, TiesAll, nil, nil, reseau.EINVALID},
		{"negative maxHops", "aksent", "amos", -1, TiesAll, nil, nil, reseau.EINVALID},
		{"unknown organisation", "nowhere", "amos", 0, TiesAll, nil, nil, reseau.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := x.OrganisationPath(bg, tc.from, tc.to, tc.hops, tc.ties)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if err != nil {
				return
			}
			if !slices.Equal(p.Organisations, tc.want) {
				t.Fatalf("path = %v, want %v", p.Organisations, tc.want)
			}
			if p.Length != max(0, len(tc.want)-1) || len(p.Links) != p.Length {
				t.Errorf("length %d with %d links for %v", p.Length, len(p.Links), p.Organisations)
			}
			for i, l := range p.Links {
				if l.Kind != tc.kinds[i] || (l.Kind == KindCollaboration && l.Collaboration == "") || (l.Kind == KindPartnership && l.Partnership == "") {
					t.Errorf("link %d = %+v, want kind %s with its key", i, l, tc.kinds[i])
				}
			}
		})
	}
	// The immersion tie names the immersion (or its preparation) as its reason.
	p, _ := x.OrganisationPath(bg, "le-meridien", "cpas-pole-jeunes", 0, TiesCollaboration)
	if l := p.Links[0]; !slices.Equal(l.Collaborations, []string{"immersion-2022", "immersion-2022-preparation"}) || l.Weight != 2 {
		t.Errorf("link = %+v, want the two immersion collaborations", l)
	}
}

// privacyDataset: Ann and Bob know each other only through Hid, a PRIVATE
// colleague of both at two organisations.
func privacyDataset() *reseau.Dataset {
	return &reseau.Dataset{
		Organisations: []reseau.Organisation{{Key: "o1", Name: "O1", Sector: reseau.SectorCPAS}, {Key: "o2", Name: "O2", Sector: reseau.SectorAssociatif}, {Key: "o3", Name: "O3"}},
		People: []reseau.Person{
			{Key: "ann", Name: "Ann", Visibility: reseau.VisibilityNetwork},
			{Key: "bob", Name: "Bob", Visibility: reseau.VisibilityNetwork},
			{Key: "hid", Name: "Hid", Visibility: reseau.VisibilityPrivate},
			{Key: "zoe", Name: "Zoe", Visibility: reseau.VisibilityPrivate},
		},
		Memberships: []reseau.Membership{
			{PersonKey: "ann", OrganisationKey: "o1"}, {PersonKey: "hid", OrganisationKey: "o1"},
			{PersonKey: "hid", OrganisationKey: "o2"}, {PersonKey: "bob", OrganisationKey: "o2"},
			{PersonKey: "zoe", OrganisationKey: "o3"},
		},
		Knows: []reseau.Knows{{PersonKey: "bob", OtherKey: "zoe"}},
	}
}

func TestIntroductionPathPrivacy(t *testing.T) {
	x := NewIndex(privacyDataset())
	coordinator := reseau.PeopleScope{All: true}
	viewerO3 := reseau.PeopleScope{Orgs: []string{"o3"}}
	viewerO1 := reseau.PeopleScope{Orgs: []string{"o1"}}
	for _, tc := range []struct {
		name     string
		scope    reseau.PeopleScope
		from, to string
		want     []string
		reasons  [][]reseau.Reason
		code     string
	}{
		{"a coordinator is introduced through the private colleague", coordinator, "ann", "bob", []string{"ann", "hid", "bob"},
			[][]reseau.Reason{{{Kind: reseau.ReasonOrganisation, Key: "o1"}}, {{Kind: reseau.ReasonOrganisation, Key: "o2"}}}, ""},
		{"a viewer of another organisation never passes through a hidden person", viewerO3, "ann", "bob", nil, nil, ""},
		{"a viewer of the private person's organisation does", viewerO1, "ann", "bob", []string{"ann", "hid", "bob"}, nil, ""},
		{"a hidden target is not found", viewerO1, "bob", "zoe", nil, nil, reseau.ENOTFOUND},
		{"a hidden source is not found", viewerO1, "zoe", "bob", nil, nil, reseau.ENOTFOUND},
		{"KNOWS is a reason", viewerO3, "bob", "zoe", []string{"bob", "zoe"}, [][]reseau.Reason{{{Kind: reseau.ReasonKnows}}}, ""},
		{"to an organisation: anyone visible working there", viewerO3, "bob", "o3", []string{"bob", "zoe"}, nil, ""},
		{"to an organisation whose people are all hidden", viewerO3, "bob", "o1", []string{"bob", "hid", "ann"}[:0], nil, ""},
		{"unknown target", coordinator, "ann", "nobody", nil, nil, reseau.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := x.IntroductionPath(bg, tc.scope, tc.from, tc.to, 0)
			if code := reseau.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if err != nil {
				return
			}
			if len(p.People) != len(tc.want) || !slices.Equal(p.People, tc.want) && len(tc.want) > 0 {
				t.Fatalf("path = %v, want %v", p.People, tc.want)
			}
			for i, rs := range tc.reasons {
				if !slices.Equal(p.Links[i].Reasons, rs) {
					t.Errorf("link %d reasons = %v, want %v", i, p.Links[i].Reasons, rs)
				}
			}
		})
	}
}

// TestIntroductionPathsOnDemo checks many paths of the demo against an
// independent breadth-first search over the acquaintances, for a viewer:
// same lengths, every person visible, every hop with a true reason.
func TestIntroductionPathsOnDemo(t *testing.T) {
	ds, err := demo.DemoDataset()
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(ds)
	ps := reseau.PeopleScope{Orgs: []string{"cass"}}
	visible := func(k string) bool {
		var orgs []string
		for _, m := range ds.Memberships {
			if m.PersonKey == k {
				orgs = append(orgs, m.OrganisationKey)
			}
		}
		return ps.CanSee(k, ds.People[x.perIdx[k]].Visibility, orgs)
	}
	// Reference adjacency: every pair of visible people sharing something.
	adj := map[string]map[string]bool{}
	link := func(a, b string) {
		if a == b || !visible(a) || !visible(b) {
			return
		}
		if adj[a] == nil {
			adj[a] = map[string]bool{}
		}
		if adj[b] == nil {
			adj[b] = map[string]bool{}
		}
		adj[a][b], adj[b][a] = true, true
	}
	groups := map[string][]string{}
	for _, m := range ds.Memberships {
		groups["o:"+m.OrganisationKey] = append(groups["o:"+m.OrganisationKey], m.PersonKey)
	}
	for _, pp := range ds.PersonParticipations {
		if pp.Role != reseau.RoleInviteAbsent {
			groups["c:"+pp.CollaborationKey] = append(groups["c:"+pp.CollaborationKey], pp.PersonKey)
		}
	}
	for _, g := range groups {
		for _, a := range g {
			for _, b := range g {
				link(a, b)
			}
		}
	}
	for _, k := range ds.Knows {
		link(k.PersonKey, k.OtherKey)
	}
	bfs := func(from string) map[string]int {
		d := map[string]int{from: 0}
		q := []string{from}
		for len(q) > 0 {
			v := q[0]
			q = q[1:]
			for w := range adj[v] {
				if _, ok := d[w]; !ok {
					d[w] = d[v] + 1
					q = append(q, w)
				}
			}
		}
		return d
	}
	var people []string
	for _, p := range ds.People {
		if visible(p.Key) {
			people = append(people, p.Key)
		}
	}
	checked := 0
	for i := 0; i < len(people); i += 7 {
		from := people[i]
		dist := bfs(from)
		for j := 3; j < len(people); j += 11 {
			to := people[j]
			p, err := x.IntroductionPath(bg, ps, from, to, MaxMaxHops)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := dist[to]
			if !ok || want > MaxMaxHops {
				if len(p.People) != 0 {
					t.Fatalf("%s→%s: path %v, want none", from, to, p.People)
				}
				continue
			}
			if p.Length != want {
				t.Fatalf("%s→%s: length %d, want %d", from, to, p.Length, want)
			}
			for k, l := range p.Links {
				if !visible(p.People[k+1]) || !adj[l.From][l.To] && l.From != l.To || len(l.Reasons) == 0 {
					t.Fatalf("%s→%s: bad hop %+v", from, to, l)
				}
			}
			checked++
		}
	}
	if checked < 100 {
		t.Fatalf("only %d paths checked", checked)
	}
}
