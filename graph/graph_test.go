package graph_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/httpserver"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// newClient serves the demo from a real SQLite file through gqlgen's test
// client. Requests carry no caller, which is the system: these tests are
// about the API, not about access control.
func newClient(t *testing.T) *client.Client {
	t.Helper()
	s := sqlitetest.Demo(t)
	return client.New(httpserver.NewGraphQL(&graph.Resolver{Store: s}, nil))
}

// codeOf posts q and returns the extensions.code of its first error.
func codeOf(t *testing.T, c *client.Client, q string, opts ...client.Option) string {
	t.Helper()
	res, err := c.RawPost(q, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var errs []struct {
		Extensions struct{ Code string }
	}
	if len(res.Errors) == 0 {
		return ""
	}
	if err := json.Unmarshal(res.Errors, &errs); err != nil {
		t.Fatal(err)
	}
	return errs[0].Extensions.Code
}

func TestCollaboration(t *testing.T) {
	c := newClient(t)
	var d struct {
		Collaboration struct {
			ID       string
			Kind     string
			Domains  []struct{ Key string }
			Children []struct{ Key string }
			Parent   *struct{ Key string }
			People   []struct {
				Person struct{ Key string }
				Role   string
			}
			Participants []struct {
				Organisation struct{ Key string }
				Role         string
			}
			ParticipantsCount *int
		}
	}
	c.MustPost(`{ collaboration(key: "immersion-2022") { id kind domains { key } children { key } parent { key }
		people { person { key } role } participants { organisation { key } role } participantsCount } }`, &d)
	col := d.Collaboration
	if col.Kind != "immersion" || len(col.Participants) != 10 || col.Parent != nil || col.ParticipantsCount == nil || *col.ParticipantsCount != 25 {
		t.Errorf("immersion-2022 = %+v", col)
	}
	if len(col.Children) != 1 || col.Children[0].Key != "immersion-2022-preparation" {
		t.Errorf("children = %+v, want the preparation mornings", col.Children)
	}
	if len(col.People) == 0 {
		t.Error("no person took part in immersion-2022 (the demo staff take part in their organisations' collaborations)")
	}

	var byID struct {
		Collaboration struct{ Key string }
	}
	c.MustPost(`query($id: ID) { collaboration(id: $id) { key } }`, &byID, client.Var("id", col.ID))
	if byID.Collaboration.Key != "immersion-2022" {
		t.Errorf("collaboration(id) = %q", byID.Collaboration.Key)
	}

	var list struct {
		Collaborations struct {
			TotalCount int
			Nodes      []struct{ Key, StartDate string }
		}
	}
	c.MustPost(`{ collaborations(filter: {from: "2022", to: "2022"}, orderBy: {field: START_DATE}, first: 500) { totalCount nodes { key startDate } } }`, &list)
	if list.Collaborations.TotalCount == 0 || list.Collaborations.TotalCount != len(list.Collaborations.Nodes) {
		t.Fatalf("2022 collaborations: %+v", list.Collaborations)
	}
	for _, n := range list.Collaborations.Nodes {
		if n.StartDate[:4] > "2022" {
			t.Errorf("%s starts %s, outside 2022", n.Key, n.StartDate)
		}
	}
}

func TestPersonAndAcquaintances(t *testing.T) {
	c := newClient(t)
	var people struct {
		People struct {
			TotalCount int
			Nodes      []struct{ Key string }
		}
	}
	c.MustPost(`{ people(filter: {organisations: ["le-meridien"]}) { totalCount nodes { key } } }`, &people)
	if people.People.TotalCount == 0 {
		t.Fatal("Le Méridien has no staff in the demo")
	}
	key := people.People.Nodes[0].Key
	var d struct {
		Person struct {
			Role        string
			Visibility  string
			Memberships []struct {
				Organisation struct{ Key string }
				Role         string
			}
			Collaborations []struct{ Key string }
			Acquaintances  []struct {
				Person  struct{ Key string }
				Weight  int
				Reasons []struct {
					Kind          string
					Organisation  *struct{ Key string }
					Collaboration *struct{ Key string }
				}
			}
		}
	}
	c.MustPost(`query($k: String) { person(key: $k) { role visibility memberships { organisation { key } role }
		collaborations { key } acquaintances(first: 100) { person { key } weight
		reasons { kind organisation { key } collaboration { key } } } } }`, &d, client.Var("k", key))
	p := d.Person
	if len(p.Memberships) == 0 || p.Role != p.Memberships[0].Role {
		t.Errorf("role %q, memberships %+v: role is the first membership's", p.Role, p.Memberships)
	}
	sameOrg := false
	for _, a := range p.Acquaintances {
		if a.Weight != len(a.Reasons) {
			t.Errorf("acquaintance %s: weight %d with %d reasons", a.Person.Key, a.Weight, len(a.Reasons))
		}
		for _, r := range a.Reasons {
			switch {
			case r.Kind == "ORGANISATION" && (r.Organisation == nil || r.Collaboration != nil):
				t.Errorf("ORGANISATION reason %+v", r)
			case r.Kind == "COLLABORATION" && (r.Collaboration == nil || r.Organisation != nil):
				t.Errorf("COLLABORATION reason %+v", r)
			}
			sameOrg = sameOrg || (r.Kind == "ORGANISATION" && r.Organisation.Key == "le-meridien")
		}
	}
	if people.People.TotalCount > 1 && !sameOrg {
		t.Error("no acquaintance through Le Méridien, where the person works with colleagues")
	}
}

func TestPartialUpdates(t *testing.T) {
	c := newClient(t)
	var created struct {
		CreatePerson struct{ Key, Visibility string }
	}
	c.MustPost(`mutation { createPerson(input: {key: "p-test", name: "Test", email: "t@example.org", phone: "02"}) { key visibility } }`, &created)
	if created.CreatePerson.Visibility != "NETWORK" {
		t.Errorf("default visibility %q, want NETWORK", created.CreatePerson.Visibility)
	}
	for _, tc := range []struct {
		name, input string
		want        map[string]string
	}{
		{"one field", `{phone: "03"}`, map[string]string{"name": "Test", "email": "t@example.org", "phone": "03", "visibility": "NETWORK"}},
		{"null clears", `{email: null}`, map[string]string{"name": "Test", "email": "", "phone": "03", "visibility": "NETWORK"}},
		{"enum", `{visibility: PRIVATE}`, map[string]string{"name": "Test", "email": "", "phone": "03", "visibility": "PRIVATE"}},
		{"empty input", `{}`, map[string]string{"name": "Test", "email": "", "phone": "03", "visibility": "PRIVATE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d struct{ UpdatePerson map[string]string }
			c.MustPost(`mutation { updatePerson(key: "p-test", input: `+tc.input+`) { name email phone visibility } }`, &d)
			for k, v := range tc.want {
				if d.UpdatePerson[k] != v {
					t.Errorf("%s = %q, want %q", k, d.UpdatePerson[k], v)
				}
			}
		})
	}

	var dom struct {
		UpdateDomain struct{ LabelFr, LabelNl string }
	}
	c.MustPost(`mutation { updateDomain(key: "logement", input: {labelNl: "Huisvesting!"}) { labelFr labelNl } }`, &dom)
	if dom.UpdateDomain.LabelFr == "" || dom.UpdateDomain.LabelNl != "Huisvesting!" {
		t.Errorf("updateDomain = %+v", dom.UpdateDomain)
	}
	// labelEn: set, read in each language by label(lang), then cleared
	// (label falls back to labelFr).
	var en struct {
		UpdateDomain struct{ LabelFr, LabelNl, LabelEn, En, Nl, Fr string }
	}
	c.MustPost(`mutation { updateDomain(key: "logement", input: {labelEn: "Housing"}) { labelFr labelNl labelEn en: label(lang: EN) nl: label(lang: NL) fr: label(lang: FR) } }`, &en)
	if u := en.UpdateDomain; u.LabelEn != "Housing" || u.En != "Housing" || u.Nl != "Huisvesting!" || u.Fr != u.LabelFr || u.LabelNl != "Huisvesting!" {
		t.Errorf("updateDomain labelEn = %+v", u)
	}
	c.MustPost(`mutation { updateDomain(key: "logement", input: {labelEn: null}) { labelFr labelNl labelEn en: label(lang: EN) } }`, &en)
	if u := en.UpdateDomain; u.LabelEn != "" || u.En != u.LabelFr || u.LabelFr == "" {
		t.Errorf("updateDomain labelEn: null = %+v", u)
	}

	var ship struct {
		UpdatePartnership struct{ Title, StartDate string }
	}
	c.MustPost(`mutation { updatePartnership(key: "css-adhesion-le-meridien", input: {startDate: "2015-06"}) { title startDate } }`, &ship)
	if ship.UpdatePartnership.StartDate != "2015-06" || ship.UpdatePartnership.Title == "" {
		t.Errorf("updatePartnership = %+v", ship.UpdatePartnership)
	}
}

func TestRelationshipMutations(t *testing.T) {
	c := newClient(t)
	c.MustPost(`mutation { createPerson(input: {key: "a", name: "A"}) { key } }`, &map[string]any{})
	c.MustPost(`mutation { createPerson(input: {key: "b", name: "B"}) { key } }`, &map[string]any{})

	var m struct {
		AddMembership struct {
			Role        string
			Memberships []struct{ Organisation struct{ Key string } }
		}
	}
	c.MustPost(`mutation { addMembership(person: "a", organisation: "cass", role: "coordinatrice", since: "2019") {
		role memberships { organisation { key } } } }`, &m)
	if m.AddMembership.Role != "coordinatrice" || len(m.AddMembership.Memberships) != 1 {
		t.Errorf("addMembership = %+v", m.AddMembership)
	}

	var k struct {
		AddKnows struct {
			Knows         []struct{ Other struct{ Key string } }
			Acquaintances []struct {
				Person  struct{ Key string }
				Reasons []struct{ Kind string }
			}
		}
	}
	c.MustPost(`mutation { addKnows(person: "a", other: "b", source: "speed-meeting") {
		knows { other { key } } acquaintances { person { key } reasons { kind } } } }`, &k)
	found := slices.ContainsFunc(k.AddKnows.Acquaintances, func(a struct {
		Person  struct{ Key string }
		Reasons []struct{ Kind string }
	}) bool {
		return a.Person.Key == "b" && slices.ContainsFunc(a.Reasons, func(r struct{ Kind string }) bool { return r.Kind == "KNOWS" })
	})
	if len(k.AddKnows.Knows) != 1 || !found {
		t.Errorf("addKnows = %+v", k.AddKnows)
	}

	var pp struct {
		AddPersonParticipant struct {
			People []struct{ Person struct{ Key string } }
		}
	}
	c.MustPost(`mutation { addPersonParticipant(collaboration: "immersion-2022", person: "a", role: "visiteur") { people { person { key } } } }`, &pp)
	if !slices.ContainsFunc(pp.AddPersonParticipant.People, func(p struct{ Person struct{ Key string } }) bool { return p.Person.Key == "a" }) {
		t.Errorf("addPersonParticipant: a missing from %+v", pp.AddPersonParticipant.People)
	}

	// Writes in one operation see each other: the loaders' cache is
	// dropped before each mutation.
	var two struct {
		First  struct{ Domains []struct{ Key string } }
		Second struct{ Domains []struct{ Key string } }
	}
	c.MustPost(`mutation {
		first: addCollaborationDomain(collaboration: "immersion-2022-preparation", domain: "jeunesse") { domains { key } }
		second: addCollaborationDomain(collaboration: "immersion-2022-preparation", domain: "logement") { domains { key } } }`, &two)
	if len(two.First.Domains) != 1 || len(two.Second.Domains) != 2 {
		t.Errorf("domains after two writes: %+v", two)
	}

	for _, tc := range []struct{ name, query, code string }{
		{"remove membership", `mutation { removeMembership(person: "a", organisation: "cass") { key } }`, ""},
		{"remove it again", `mutation { removeMembership(person: "a", organisation: "cass") { key } }`, reseau.ENOTFOUND},
		{"remove knows", `mutation { removeKnows(person: "a", other: "b") { key } }`, ""},
		{"remove person participant", `mutation { removePersonParticipant(collaboration: "immersion-2022", person: "a") { key } }`, ""},
		{"remove domain", `mutation { removeCollaborationDomain(collaboration: "immersion-2022-preparation", domain: "logement") { key } }`, ""},
		{"remove party", `mutation { removeParty(partnership: "css-adhesion-le-meridien", organisation: "le-meridien") { key } }`, ""},
		{"wrong id type", `mutation { addParty(partnership: "` + reseau.NodeID(reseau.TypeOrganisation, "css") + `", organisation: "cass") { key } }`, reseau.EINVALID},
		{"erase person", `mutation { deletePerson(key: "a") { id key } }`, ""},
		{"erased person is gone", `mutation { addKnows(person: "a", other: "b") { key } }`, reseau.ENOTFOUND},
		{"delete domain", `mutation { deleteDomain(key: "logement") { key } }`, ""},
		{"delete collaboration", `mutation { deleteCollaboration(key: "immersion-2022-preparation") { key } }`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := codeOf(t, c, tc.query); got != tc.code {
				t.Errorf("code %q, want %q", got, tc.code)
			}
		})
	}
}

func TestSearchAndNodes(t *testing.T) {
	c := newClient(t)
	var d struct {
		Search []struct {
			Node struct {
				Typename string `json:"__typename"`
				ID       string
			}
			Score float64
		}
	}
	c.MustPost(`{ search(text: "jeunes", first: 5) { node { __typename id } score } }`, &d)
	if len(d.Search) == 0 || len(d.Search) > 5 {
		t.Fatalf("search jeunes: %+v", d.Search)
	}
	if !slices.IsSortedFunc(d.Search, func(a, b struct {
		Node struct {
			Typename string `json:"__typename"`
			ID       string
		}
		Score float64
	}) int {
		return -cmpFloat(a.Score, b.Score)
	}) {
		t.Errorf("hits not best first: %+v", d.Search)
	}
	ids := make([]string, len(d.Search))
	for i, h := range d.Search {
		ids[i] = h.Node.ID
	}
	var n struct {
		Nodes []*struct{ ID string }
	}
	c.MustPost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, &n, client.Var("ids", append(ids, reseau.NodeID(reseau.TypeOrganisation, "nope"))))
	if len(n.Nodes) != len(ids)+1 || n.Nodes[len(ids)] != nil {
		t.Fatalf("nodes = %+v", n.Nodes)
	}
	for i, id := range ids {
		if n.Nodes[i] == nil || n.Nodes[i].ID != id {
			t.Errorf("nodes[%d] = %+v, want %s", i, n.Nodes[i], id)
		}
	}

	var typed struct {
		Search []struct {
			Node struct {
				Typename string `json:"__typename"`
			}
		}
	}
	c.MustPost(`{ search(text: "immersion", types: [COLLABORATION]) { node { __typename } } }`, &typed)
	if len(typed.Search) == 0 {
		t.Fatal("no collaboration found for immersion")
	}
	for _, h := range typed.Search {
		if h.Node.Typename != "Collaboration" {
			t.Errorf("types: [COLLABORATION] answered a %s", h.Node.Typename)
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
