package neo4j

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/reseau-bxl/reseau/internal/limits"

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

// TestMigrateChecksConstraints: a key constraint missing after the
// migration (an index on Person.key made Neo4j answer "already exists")
// stops the start, naming it; all present, the start goes on.
func TestMigrateChecksConstraints(t *testing.T) {
	for _, skip := range []string{"", "Person.key", "AuditEntry.id"} {
		r := &racingSchema{recorder: newRecorder(t, func(name string, p map[string]any) []*driver.Record {
			return everyConstraint(skip)
		}), err: &driver.Neo4jError{Code: "Neo.ClientError.Schema.IndexAlreadyExists"}}
		err := newStore(r).Migrate(context.Background())
		switch {
		case skip == "" && err != nil:
			t.Errorf("every constraint there: Migrate = %v", err)
		case skip != "" && (reseau.ErrorCode(err) != reseau.EINTERNAL || !strings.Contains(err.Error(), skip)):
			t.Errorf("without %s: Migrate = %v, want %s naming it", skip, err, reseau.EINTERNAL)
		}
	}
	// The migration creates what the check asks for.
	all := cypher.Load().Get("migrate_schema")
	for _, c := range keyConstraints {
		label, prop, _ := strings.Cut(c, ".")
		if !strings.Contains(all, "FOR (n:"+label+") REQUIRE n."+prop+" IS UNIQUE") {
			t.Errorf("migrate_schema creates no constraint on %s", c)
		}
	}
}

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

// TestInvalidArguments checks that the store, behind the domain's rules as
// every caller uses it, refuses bad arguments before any statement runs.
func TestInvalidArguments(t *testing.T) {
	rec := newRecorder(t, nil)
	s := reseau.Checked(newStore(rec))
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"organisation order", func() error {
			_, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{OrderBy: reseau.OrderTitle})
			return err
		}},
		{"sector", func() error {
			_, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Sectors: []reseau.Sector{"PRIVE"}}, reseau.ListOptions{})
			return err
		}},
		{"collaboration date", func() error {
			_, err := s.FindCollaborations(ctx, reseau.CollaborationFilter{To: "2022-13"}, reseau.ListOptions{})
			return err
		}},
		{"tie date", func() error {
			_, err := s.Collaborators(ctx, []string{"o"}, reseau.TieFilter{Since: "hier"})
			return err
		}},
		{"search type", func() error { _, err := s.Search(ctx, "x", []string{"Nope"}, 1); return err }},
		{"organisation name", func() error { return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "x"}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := reseau.ErrorCode(tt.call()); code != reseau.EINVALID {
				t.Errorf("code = %q, want %q", code, reseau.EINVALID)
			}
			if calls := rec.Calls(); len(calls) > 0 {
				t.Errorf("statements ran for a bad argument: %q", calls)
			}
		})
	}
}

// TestSearchQuery checks the full-text query a search sends: each folded
// word as a whole word, a prefix and an infix, boosted in that order, ORed
// (the infix selects the candidates as the embedded store does), and the
// ranking of what comes back.
func TestSearchQuery(t *testing.T) {
	var sent map[string]any
	r := newRecorder(t, func(name string, p map[string]any) []*driver.Record {
		sent = p
		return []*driver.Record{
			record("type", reseau.TypeOrganisation, "key", "memoire", "fold", "memoire vivante\nmemoire vivante ssm la gerbe asbl"),
			record("type", reseau.TypeOrganisation, "key", "gerbe", "fold", "la gerbe service de sante mentale\nla gerbe\ngerbe la ssm\nssm la gerbe asbl"),
			record("type", reseau.TypeCollaboration, "key", "unrelated", "fold", "journees"),
		}
	})
	hits, err := newStore(r).Search(context.Background(), "SSM  La Gèrbe", nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sent["query"], "ssm^4 OR ssm*^2 OR *ssm* OR la^4 OR la*^2 OR *la* OR gerbe^4 OR gerbe*^2 OR *gerbe*"; got != want {
		t.Errorf("query = %q, want %q", got, want)
	}
	if len(hits) != 2 || hits[0].Key != "gerbe" || hits[1].Key != "memoire" {
		t.Errorf("hits = %+v, want gerbe then memoire (and no zero-score hit)", hits)
	}
}

// TestRepeatedKeys asks the tie methods for a key twice: each tie comes once.
func TestRepeatedKeys(t *testing.T) {
	s := NewModelStore(t)
	ctx := context.Background()
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	ties, err := s.Collaborators(ctx, []string{"meridien", "meridien"}, reseau.TieFilter{})
	if err != nil || len(ties["meridien"]) != 4 {
		t.Errorf("Collaborators(meridien twice) = %d ties, %v; want 4", len(ties["meridien"]), err)
	}
	acq, err := s.Acquaintances(ctx, []string{"alice", "alice"})
	if err != nil || len(acq["alice"]) != 4 {
		t.Errorf("Acquaintances(alice twice) = %d, %v; want 4", len(acq["alice"]), err)
	}
}

func TestTie(t *testing.T) {
	got := tie("amo", []any{
		map[string]any{"key": "meeting-2018", "startDate": "2018-05-14", "endDate": "2018-05-14"},
		map[string]any{"key": "immersion-2022", "startDate": "2022-03-01", "endDate": "2022-06-30"},
		map[string]any{"key": "undated"},
	})
	want := reseau.CollaborationTie{OrganisationKey: "amo", Weight: 3, FirstDate: "2018-05-14", LastDate: "2022-06-30",
		CollaborationKeys: []string{"immersion-2022", "meeting-2018", "undated"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tie = %+v, want %+v", got, want)
	}
}

func TestParameters(t *testing.T) {
	got := parameters("// uses $notThis\nMATCH (n {key: $key}) WHERE n.x IN $keys AND n.y = $key\n")
	if !reflect.DeepEqual(got, []string{"key", "keys"}) {
		t.Errorf("Parameters = %v", got)
	}
}

// TestMigrationStatements checks the migration: idempotent statements, a
// uniqueness constraint on the key of each node label, the full-text index
// that Search names, and the audit log index that erasure seeks.
func TestMigrationStatements(t *testing.T) {
	stmts := cypher.Statements(cypher.Load().Get("migrate_schema"))
	all := strings.Join(stmts, "\n")
	for _, s := range stmts {
		if !strings.Contains(s, "IF NOT EXISTS") && !(strings.HasPrefix(s, "DROP ") && strings.HasSuffix(s, " IF EXISTS")) {
			t.Errorf("migration statement is not idempotent: %s", s)
		}
	}
	for _, label := range searchTypes {
		if !strings.Contains(all, "FOR (n:"+label+") REQUIRE n.key IS UNIQUE") {
			t.Errorf("no uniqueness constraint on %s.key", label)
		}
	}
	for _, label := range searchTypes {
		// One index per type, on the folded names, cut into words as
		// reseau.Fold cuts them.
		want := "CREATE FULLTEXT INDEX " + searchIndexes[label] + " IF NOT EXISTS FOR (n:" + label + ") ON EACH [n.fold]\n" +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'"
		if !strings.Contains(all, want) {
			t.Errorf("no full-text index %s on %s.fold with the whitespace analyzer", searchIndexes[label], label)
		}
	}
	// redact_audit_entries filters the audit log on type and key.
	if !strings.Contains(all, "FOR (n:AuditEntry) ON (n.type, n.key)") {
		t.Errorf("no index on AuditEntry (type, key)")
	}
}

func TestSelected(t *testing.T) {
	tests := []struct {
		name, store, uri string
		want             bool
	}{
		{"default", "", "", false},
		{"uri alone", "", "bolt://db:7687", true},
		{"explicit", "neo4j", "", true},
		{"sqlite wins over uri", "sqlite", "bolt://db:7687", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"NEO4J_URI": tt.uri}
			c := ConfigFromEnv(func(k string) string { return env[k] })
			if got := Selected(tt.store, c); got != tt.want {
				t.Errorf("Selected(%q, %q) = %v, want %v", tt.store, tt.uri, got, tt.want)
			}
			if c.User != "neo4j" {
				t.Errorf("default user = %q", c.User)
			}
		})
	}
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	env := map[string]string{"NEO4J_URI": "bolt://env:7687", "NEO4J_DATABASE": "envdb"}
	c := ConfigFromEnv(func(k string) string { return env[k] })
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.RegisterFlags(fs)
	if err := fs.Parse([]string{"--neo4j-uri", "neo4j://flag:7687"}); err != nil {
		t.Fatal(err)
	}
	if c.URI != "neo4j://flag:7687" || c.Database != "envdb" {
		t.Errorf("config = %+v", c)
	}
}

func TestFormatError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"domain error passes", reseau.Errorf(reseau.ENOTFOUND, "x"), reseau.ENOTFOUND},
		{"constraint", &driver.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, reseau.ECONFLICT},
		{"transient", &driver.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}, reseau.EUNAVAILABLE},
		{"retries exhausted", &driver.TransactionExecutionLimit{Cause: "timeout"}, reseau.EUNAVAILABLE},
		{"cancelled", context.Canceled, reseau.EUNAVAILABLE},
		{"syntax", &driver.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, reseau.EINTERNAL},
		{"transaction timeout", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOut"}, reseau.EUNAVAILABLE},
		{"client transaction timeout", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}, reseau.EUNAVAILABLE},
		{"terminated", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.Terminated"}, reseau.EUNAVAILABLE},
		{"lock client stopped", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.LockClientStopped"}, reseau.EUNAVAILABLE},
		{"wrapped terminated", fmt.Errorf("run: %w", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.Terminated"}), reseau.EUNAVAILABLE},
		{"wrong password", &driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}, reseau.EINTERNAL},
		// Transient for Neo4j, but the same transaction fails again: too large.
		{"transaction memory limit", &driver.Neo4jError{Code: "Neo.TransientError.General.TransactionMemoryLimit"}, reseau.EINVALID},
		{"memory pool", &driver.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError"}, reseau.EINVALID},
		{"transaction out of memory", &driver.Neo4jError{Code: "Neo.ClientError.General.TransactionOutOfMemoryError"}, reseau.EINVALID},
		{"wrapped memory limit", fmt.Errorf("run: %w", &driver.Neo4jError{Code: "Neo.TransientError.General.TransactionMemoryLimit"}), reseau.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reseau.ErrorCode(formatError(tt.err)); got != tt.code {
				t.Errorf("code = %q, want %q", got, tt.code)
			}
		})
	}
	// A refused login is not "unavailable, try again": waiting will not fix it.
	if err := formatError(&driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}); !unauthorized(&driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}) ||
		strings.Contains(err.Error(), "try again") {
		t.Errorf("wrong password: %v", err)
	}
}

// TestDriverConfig: the pool hands a connection, or gives up, and the
// driver stops retrying, well before the HTTP request timeout cuts the
// request; transactions carry a server-side timeout unless an import or
// export runs them; the environment sets pool size and timeout.
func TestDriverConfig(t *testing.T) {
	request := limits.Defaults(false).Timeout
	c := ConfigFromEnv(func(string) string { return "" })
	var conf config.Config
	c.driverConfig(&conf)
	if conf.ConnectionAcquisitionTimeout <= 0 || conf.ConnectionAcquisitionTimeout >= request {
		t.Errorf("acquisition timeout %v, want below the request timeout %v", conf.ConnectionAcquisitionTimeout, request)
	}
	if conf.MaxTransactionRetryTime <= 0 || conf.MaxTransactionRetryTime >= request {
		t.Errorf("retry time %v, want below the request timeout %v", conf.MaxTransactionRetryTime, request)
	}
	if conf.MaxConnectionPoolSize != defaultMaxConnections {
		t.Errorf("pool size %d, want %d", conf.MaxConnectionPoolSize, defaultMaxConnections)
	}
	r := &driverRunner{txTimeout: c.TxTimeout}
	var tc driver.TransactionConfig
	r.txConfig(context.Background())(&tc)
	if tc.Timeout != defaultTxTimeout {
		t.Errorf("transaction timeout %v, want %v", tc.Timeout, defaultTxTimeout)
	}
	tc = driver.TransactionConfig{}
	r.txConfig(withoutTxTimeout(context.Background()))(&tc)
	if tc.Timeout != 0 {
		t.Errorf("an import's transaction timeout %v, want none", tc.Timeout)
	}
	env := map[string]string{"NEO4J_MAX_CONNECTIONS": "20", "NEO4J_TX_TIMEOUT": "2m"}
	c = ConfigFromEnv(func(k string) string { return env[k] })
	if c.MaxConnections != 20 || c.TxTimeout != 2*time.Minute {
		t.Errorf("config from environment = %+v", c)
	}
}

// fakeNotification is a server notification.
type fakeNotification struct{ driver.Notification }

func (fakeNotification) Code() string {
	return "Neo.ClientNotification.Statement.CartesianProduct"
}
func (fakeNotification) Title() string            { return "cartesian product" }
func (fakeNotification) Description() string      { return "disconnected patterns" }
func (fakeNotification) RawSeverityLevel() string { return "INFORMATION" }

// TestLogNotifications: a statement the server warns about is logged with
// its name and the notification's code.
func TestLogNotifications(t *testing.T) {
	var buf bytes.Buffer
	logNotifications(slog.New(slog.NewTextHandler(&buf, nil)), "find_people", []driver.Notification{fakeNotification{}})
	for _, want := range []string{"statement=find_people", "code=Neo.ClientNotification.Statement.CartesianProduct"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log %q lacks %q", buf.String(), want)
		}
	}
}
