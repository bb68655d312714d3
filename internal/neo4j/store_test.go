package neo4j

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/reseau-bxl/reseau/cypher"
	"github.com/reseau-bxl/reseau/internal/neo4j/neo4jtest"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// edgeEnds are the columns of find_<noun> that hold $from and $to.
var edgeEnds = map[string][2]string{
	"memberships":           {"person", "organisation"},
	"participations":        {"organisation", "collaboration"},
	"person_participations": {"person", "collaboration"},
	"parties":               {"organisation", "partnership"},
	"knows":                 {"person", "other"},
}

var getCols = neo4jtest.GetCols

// world answers like a database that holds every key asked for (full) or
// none (empty); references always exist.
func world(full bool) func(string, map[string]any) []*driver.Record {
	return func(name string, p map[string]any) []*driver.Record {
		switch {
		case name == "find_existing_keys":
			rec := &driver.Record{}
			for _, col := range existingCols {
				var l []any
				for _, k := range p[col].([]string) {
					l = append(l, k)
				}
				rec.Keys, rec.Values = append(rec.Keys, col), append(rec.Values, l)
			}
			return []*driver.Record{rec}
		case getCols[name] != "":
			if !full {
				return nil
			}
			var recs []*driver.Record
			for _, k := range p["keys"].([]string) {
				recs = append(recs, record(getCols[name], map[string]any{"key": k, "name": "held", "labelFr": "held", "visibility": "NETWORK"}))
			}
			return recs
		case strings.HasSuffix(name, "_cycle"):
			return []*driver.Record{record("cycle", false)}
		case strings.HasPrefix(name, "find_") && edgeEnds[strings.TrimPrefix(name, "find_")] != [2]string{}:
			from, to := p["from"].([]string), p["to"].([]string)
			if !full || len(from)+len(to) == 0 {
				return nil
			}
			// One end given (a delete reading what it removes): the other is "x".
			from, to = append(from, "x"), append(to, "x")
			ends := edgeEnds[strings.TrimPrefix(name, "find_")]
			return []*driver.Record{record(ends[0], from[0], ends[1], to[0], "role", "r", "since", nil, "until", nil, "source", nil)}
		case name == "get_version":
			return []*driver.Record{record("version", int64(7))}
		case name == "get_database":
			return []*driver.Record{record("name", "neo4j")}
		case name == "show_constraints":
			return everyConstraint("")
		case (strings.HasPrefix(name, "find_") || strings.HasPrefix(name, "seek_")) && p["offset"] != nil:
			return []*driver.Record{record("total", int64(0), "items", []any{})}
		}
		return nil
	}
}

// everyConstraint answers show_constraints with the key constraints of
// migrate_schema but skip ("Person.key"), as Neo4j 5.26 names their type,
// beside an existence constraint that does not count.
func everyConstraint(skip string) []*driver.Record { return neo4jtest.EveryConstraint(skip) }

// exercise calls every Store method at least once.
func exercise(t *testing.T, s *Store, full bool) {
	ctx := context.Background()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s (full=%v): %v", what, full, err)
		}
	}
	check("Migrate", s.Migrate(ctx))
	_, err := s.database(ctx)
	check("database", err)
	_, err = s.Domains(ctx)
	check("Domains", err)
	_, err = s.DomainsByKeys(ctx, []string{"d"})
	check("DomainsByKeys", err)
	_, err = s.OrganisationsByKeys(ctx, []string{"o"})
	check("OrganisationsByKeys", err)
	_, err = s.PeopleByKeys(ctx, []string{"p"})
	check("PeopleByKeys", err)
	_, err = s.CollaborationsByKeys(ctx, []string{"c"})
	check("CollaborationsByKeys", err)
	_, err = s.PartnershipsByKeys(ctx, []string{"p"})
	check("PartnershipsByKeys", err)
	_, err = s.FindOrganisations(ctx, reseau.OrganisationFilter{Text: "x"}, reseau.ListOptions{Limit: 2})
	check("FindOrganisations", err)
	_, err = s.FindPeople(ctx, reseau.PersonFilter{}, reseau.ListOptions{})
	check("FindPeople", err)
	_, err = s.FindCollaborations(ctx, reseau.CollaborationFilter{From: "2020"}, reseau.ListOptions{OrderBy: reseau.OrderStartDate})
	check("FindCollaborations", err)
	_, err = s.FindPartnerships(ctx, reseau.PartnershipFilter{}, reseau.ListOptions{})
	check("FindPartnerships", err)
	_, err = s.FindOrganisations(ctx, reseau.OrganisationFilter{Parents: []string{"o"}}, reseau.ListOptions{})
	check("FindOrganisations by parent", err)
	_, err = s.FindOrganisations(ctx, reseau.OrganisationFilter{TiedTo: reseau.TieCondition{Organisations: []string{"o"}},
		NotTiedTo: reseau.TieCondition{Sectors: []reseau.Sector{reseau.SectorCPAS}, Kinds: []reseau.TieKind{reseau.TieCollaboration}}}, reseau.ListOptions{})
	check("FindOrganisations by ties", err)
	_, err = s.FindPeople(ctx, reseau.PersonFilter{Organisations: []string{"o"}}, reseau.ListOptions{})
	check("FindPeople by organisation", err)
	_, err = s.FindCollaborations(ctx, reseau.CollaborationFilter{Parents: []string{"c"}}, reseau.ListOptions{})
	check("FindCollaborations by parent", err)
	_, err = s.FindPartnerships(ctx, reseau.PartnershipFilter{Keys: []string{"s"}}, reseau.ListOptions{})
	check("FindPartnerships by key", err)
	for _, f := range []reseau.EdgeFilter{{From: []string{"a"}}, {}} {
		_, err = s.Memberships(ctx, f)
		check("Memberships", err)
		_, err = s.Participations(ctx, f)
		check("Participations", err)
		_, err = s.PersonParticipations(ctx, f)
		check("PersonParticipations", err)
		_, err = s.Parties(ctx, f)
		check("Parties", err)
		_, err = s.Knows(ctx, f)
		check("Knows", err)
	}
	_, err = s.Collaborators(ctx, []string{"o"}, reseau.TieFilter{})
	check("Collaborators", err)
	_, err = s.Partners(ctx, []string{"o"})
	check("Partners", err)
	_, err = s.TiedOrganisations(ctx, []string{"o"}, true, true)
	check("TiedOrganisations", err)
	_, err = s.Acquaintances(ctx, []string{"p"})
	check("Acquaintances", err)
	_, err = s.Search(ctx, "Le Méridien", nil, 5)
	check("Search", err)
	_, err = s.Import(ctx, storetest.Fixture())
	check("Import", err)
	s.importTxRows = 4 // the fixture in several transactions
	_, err = s.Import(ctx, storetest.Fixture())
	check("Import in batches", err)
	s.importTxRows = defaultImportTxRows
	_, err = s.unfinishedImports(ctx)
	check("unfinishedImports", err)
	_, err = s.Redirects(ctx, reseau.TypeOrganisation, []string{"o"})
	check("Redirects", err)
	_, err = s.Redirects(ctx, reseau.TypePerson, nil)
	check("Redirects of every key", err)
	check("RecordMerge", s.RecordMerge(ctx, reseau.MergeRecord{Type: reseau.TypeOrganisation, From: "q", Into: "o", Keys: []string{"q"}}))
	_, err = s.Export(ctx)
	check("Export", err)
	_, err = s.Version(ctx)
	check("Version", err)
	_, err = s.Audit(ctx, reseau.AuditFilter{Actor: "x"}, reseau.ListOptions{Limit: 1})
	check("Audit", err)

	d := &reseau.Domain{Key: "d", LabelFR: "D"}
	o := &reseau.Organisation{Key: "o", Name: "O", ParentKey: "q", Domains: []string{"d"}}
	p := &reseau.Person{Key: "p", Name: "P", Visibility: reseau.VisibilityNetwork}
	c := &reseau.Collaboration{Key: "c", Kind: "k", Title: "C", ParentKey: "b", LocationKey: "o"}
	ps := &reseau.Partnership{Key: "s", Kind: "k", Title: "S"}
	if full {
		check("UpdateDomain", storetest.Err(s.UpdateDomain(ctx, d.Key, storetest.Replace(d))))
		check("UpdateOrganisation", storetest.Err(s.UpdateOrganisation(ctx, o.Key, storetest.Replace(o))))
		check("UpdatePerson", storetest.Err(s.UpdatePerson(ctx, p.Key, storetest.Replace(p))))
		check("UpdateCollaboration", storetest.Err(s.UpdateCollaboration(ctx, c.Key, storetest.Replace(c))))
		check("UpdatePartnership", storetest.Err(s.UpdatePartnership(ctx, ps.Key, storetest.Replace(ps))))
		check("DeleteDomain", s.DeleteDomain(ctx, "d"))
		check("DeleteOrganisation", s.DeleteOrganisation(ctx, "o"))
		check("DeletePerson", s.DeletePerson(ctx, "p"))
		check("DeleteCollaboration", s.DeleteCollaboration(ctx, "c"))
		check("DeletePartnership", s.DeletePartnership(ctx, "s"))
		check("DeleteMembership", s.DeleteMembership(ctx, "p", "o"))
		check("DeleteParticipation", s.DeleteParticipation(ctx, "c", "o"))
		check("DeletePersonParticipation", s.DeletePersonParticipation(ctx, "c", "p"))
		check("DeleteParty", s.DeleteParty(ctx, "s", "o"))
		check("DeleteKnows", s.DeleteKnows(ctx, "p", "q"))
	} else {
		check("CreateDomain", s.CreateDomain(ctx, d))
		check("CreateOrganisation", s.CreateOrganisation(ctx, o))
		check("CreatePerson", s.CreatePerson(ctx, p))
		check("CreateCollaboration", s.CreateCollaboration(ctx, c))
		check("CreatePartnership", s.CreatePartnership(ctx, ps))
	}
	check("PutMembership", s.PutMembership(ctx, reseau.Membership{PersonKey: "p", OrganisationKey: "o"}))
	check("PutParticipation", s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "c", OrganisationKey: "o"}))
	check("PutPersonParticipation", s.PutPersonParticipation(ctx, reseau.PersonParticipation{CollaborationKey: "c", PersonKey: "p"}))
	check("PutParty", s.PutParty(ctx, reseau.Party{PartnershipKey: "s", OrganisationKey: "o"}))
	check("PutKnows", s.PutKnows(ctx, reseau.Knows{PersonKey: "p", OtherKey: "q"}))
	check("Close", s.Close())
}

// TestStatementsUsed proves that every cypher file is run by some Store
// method, and (through the recorder) that every name the store runs is a
// file and gets exactly the parameters the file names.
func TestStatementsUsed(t *testing.T) {
	used := map[string]bool{}
	for _, full := range []bool{false, true} {
		r := newRecorder(t, world(full))
		exercise(t, newStore(r), full)
		for n := range r.used() {
			used[n] = true
		}
	}
	r := newRecorder(t, nil)
	if err := wipe(context.Background(), newStore(r)); err != nil {
		t.Fatal(err)
	}
	for n := range r.used() {
		used[n] = true
	}
	for _, name := range cypher.Load().Names() {
		if !used[name] {
			t.Errorf("cypher/%s.cypher is never run", name)
		}
	}
}

// TestDeepReadsAreBatched counts the statements behind a GraphQL page of
// organisations with their collaborators (and those collaborators' names),
// partners and domains, as the dataloaders issue them: one statement per
// level, whatever the page size.
func TestDeepReadsAreBatched(t *testing.T) {
	for _, n := range []int{5, 50} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			org := func(i int) map[string]any {
				return map[string]any{"key": fmt.Sprintf("o%03d", i), "name": "Org", "domains": []any{map[string]any{"key": "d", "position": int64(0)}}}
			}
			r := newRecorder(t, func(name string, p map[string]any) []*driver.Record {
				switch name {
				case "find_organisations":
					var items []any
					for i := 0; i < n; i++ {
						items = append(items, org(i))
					}
					return []*driver.Record{record("total", int64(n), "items", items)}
				case "find_collaborators":
					var recs []*driver.Record
					for _, k := range p["keys"].([]string) {
						recs = append(recs, record("organisation", k, "other", k+"-partner",
							"collaborations", []any{map[string]any{"key": "c", "startDate": "2020"}}))
					}
					return recs
				case "get_organisations":
					var recs []*driver.Record
					for _, k := range p["keys"].([]string) {
						recs = append(recs, record("organisation", map[string]any{"key": k, "name": "Partner"}))
					}
					return recs
				}
				return world(true)(name, p)
			})
			s := newStore(r)
			ctx := context.Background()
			page, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{Limit: n})
			if err != nil || len(page.Items) != n {
				t.Fatalf("FindOrganisations = %v, %v", page, err)
			}
			var keys, domains []string
			for _, o := range page.Items {
				keys = append(keys, o.Key)
				domains = append(domains, o.Domains...)
			}
			ties, err := s.Collaborators(ctx, keys, reseau.TieFilter{})
			if err != nil || len(ties) != n {
				t.Fatalf("Collaborators = %d ties, %v", len(ties), err)
			}
			var others []string
			for _, ts := range ties {
				for _, tie := range ts {
					others = append(others, tie.OrganisationKey)
				}
			}
			if got, err := s.OrganisationsByKeys(ctx, others); err != nil || len(got) != n {
				t.Fatalf("OrganisationsByKeys = %d, %v", len(got), err)
			}
			if _, err := s.Partners(ctx, keys); err != nil {
				t.Fatal(err)
			}
			if _, err := s.DomainsByKeys(ctx, domains); err != nil {
				t.Fatal(err)
			}
			if got := r.count(); got != 5 {
				t.Errorf("%d organisations took %d statements, want 5 (one per level)", n, got)
			}
		})
	}
}

// TestListPagesSeek: a list page whose filter names keys (a children or
// subEvents field asks for the parents' children, a people list for an
// organisation's staff) runs the seek_* statement seeded with those keys,
// the most selective filter first, and the others empty; a page without such
// a filter runs the find_* scan. What the statements answer is the contract
// suite's business (on the model, which starts seek_* from its seeds).
func TestListPagesSeek(t *testing.T) {
	ks := []string{"a", "b"}
	tests := []struct {
		name, stmt, seeded string
		call               func(s *Store) error
	}{
		{"organisations, no keys", "find_organisations", "", func(s *Store) error {
			_, err := s.FindOrganisations(context.Background(), reseau.OrganisationFilter{Text: "x", Sectors: []reseau.Sector{reseau.SectorCPAS}}, reseau.ListOptions{})
			return err
		}},
		{"children", "seek_organisations", "seekParents", func(s *Store) error {
			_, err := s.FindOrganisations(context.Background(), reseau.OrganisationFilter{Parents: ks, Domains: []string{"d"}}, reseau.ListOptions{})
			return err
		}},
		{"organisations by keys first", "seek_organisations", "seekKeys", func(s *Store) error {
			_, err := s.FindOrganisations(context.Background(), reseau.OrganisationFilter{Keys: ks, Parents: []string{"p"}}, reseau.ListOptions{})
			return err
		}},
		{"organisations by domain", "seek_organisations", "seekDomains", func(s *Store) error {
			_, err := s.FindOrganisations(context.Background(), reseau.OrganisationFilter{Domains: ks}, reseau.ListOptions{})
			return err
		}},
		{"staff", "seek_people", "seekOrganisations", func(s *Store) error {
			_, err := s.FindPeople(context.Background(), reseau.PersonFilter{Organisations: ks}, reseau.ListOptions{})
			return err
		}},
		{"people, no keys", "find_people", "", func(s *Store) error {
			_, err := s.FindPeople(context.Background(), reseau.PersonFilter{Text: "x"}, reseau.ListOptions{})
			return err
		}},
		{"subEvents", "seek_collaborations", "seekParents", func(s *Store) error {
			_, err := s.FindCollaborations(context.Background(), reseau.CollaborationFilter{Parents: ks, Locations: []string{"l"}}, reseau.ListOptions{})
			return err
		}},
		{"collaborations by location", "seek_collaborations", "seekLocations", func(s *Store) error {
			_, err := s.FindCollaborations(context.Background(), reseau.CollaborationFilter{Locations: ks, Domains: []string{"d"}}, reseau.ListOptions{})
			return err
		}},
		{"collaborations, no keys", "find_collaborations", "", func(s *Store) error {
			_, err := s.FindCollaborations(context.Background(), reseau.CollaborationFilter{Kinds: ks}, reseau.ListOptions{})
			return err
		}},
		{"partnerships by organisation", "seek_partnerships", "seekOrganisations", func(s *Store) error {
			_, err := s.FindPartnerships(context.Background(), reseau.PartnershipFilter{Organisations: ks}, reseau.ListOptions{})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ran string
			var got map[string]any
			r := newRecorder(t, func(name string, p map[string]any) []*driver.Record {
				ran, got = name, p
				return nil
			})
			if err := tt.call(newStore(r)); err != nil {
				t.Fatal(err)
			}
			if ran != tt.stmt {
				t.Fatalf("ran %s, want %s", ran, tt.stmt)
			}
			for k, v := range got {
				if !strings.HasPrefix(k, "seek") {
					continue
				}
				want := []string{}
				if k == tt.seeded {
					want = ks
				}
				if !reflect.DeepEqual(v, want) {
					t.Errorf("$%s = %v, want %v", k, v, want)
				}
			}
		})
	}
}

// TestScopeTravelsAsParameters checks that the people scope reaches the
// statements: hidden people are filtered in Cypher, never in Go.
func TestScopeTravelsAsParameters(t *testing.T) {
	tests := []struct {
		name   string
		caller *reseau.Caller
		want   map[string]any
	}{
		{"anonymous", reseau.Anonymous, map[string]any{"scopeNone": true, "scopeAll": false, "scopeOrgs": []string{}}},
		{"viewer", &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}, Orgs: []string{"gerbe"}},
			map[string]any{"scopeNone": false, "scopeAll": false, "scopeOrgs": []string{"gerbe"}}},
		{"coordinator", &reseau.Caller{Subject: "c", Roles: []string{reseau.RoleCoordinator}},
			map[string]any{"scopeNone": false, "scopeAll": true, "scopeOrgs": []string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got map[string]any
			r := newRecorder(t, func(name string, p map[string]any) []*driver.Record {
				if name == "find_people" {
					got = p
				}
				return nil
			})
			if _, err := newStore(r).FindPeople(reseau.WithCaller(context.Background(), tt.caller), reseau.PersonFilter{}, reseau.ListOptions{}); err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("$%s = %v, want %v", k, got[k], v)
				}
			}
		})
	}
}
