package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// TestCachesFollowWrites reads organisations and domains by key (which
// fills the store's caches), writes, and reads again: every committed
// write, cascades included, must show in the next read.
func TestCachesFollowWrites(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		write func(s reseau.Store) error
		org   string
		check func(o *reseau.Organisation) bool // nil: the organisation must be gone
	}{
		{"update", func(s reseau.Store) error {
			return storetest.Err(s.UpdateOrganisation(ctx, "amo", storetest.Replace(&reseau.Organisation{Key: "amo", Name: "AMO Rythme asbl", Sector: reseau.SectorAssociatif})))
		}, "amo", func(o *reseau.Organisation) bool { return o.Name == "AMO Rythme asbl" && len(o.Domains) == 0 }},
		{"delete", func(s reseau.Store) error { return s.DeleteOrganisation(ctx, "amo") }, "amo", nil},
		{"delete of the parent", func(s reseau.Store) error { return s.DeleteOrganisation(ctx, "gerbe") }, "memoire",
			func(o *reseau.Organisation) bool { return o.ParentKey == "" }},
		{"delete of a domain", func(s reseau.Store) error { return s.DeleteDomain(ctx, "logement") }, "cpas",
			func(o *reseau.Organisation) bool { return slices.Equal(o.Domains, []string{"jeunesse"}) }},
		{"import", func(s reseau.Store) error {
			ds := storetest.Fixture()
			ds.Organisations[0].Name = "AMO Rythme (importée)"
			_, err := s.Import(ctx, ds)
			return err
		}, "amo", func(o *reseau.Organisation) bool { return o.Name == "AMO Rythme (importée)" }},
		{"create after a miss", func(s reseau.Store) error {
			return s.CreateOrganisation(ctx, &reseau.Organisation{Key: "neuve", Name: "Neuve", Sector: reseau.SectorPublic})
		}, "neuve", func(o *reseau.Organisation) bool { return o.Name == "Neuve" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
				t.Fatal(err)
			}
			keys := []string{"amo", "cpas", "memoire", "gerbe", "neuve"}
			for range 2 { // the second read is answered by the cache
				if _, err := s.OrganisationsByKeys(ctx, keys); err != nil {
					t.Fatal(err)
				}
			}
			if err := tt.write(s); err != nil {
				t.Fatal(err)
			}
			m, err := s.OrganisationsByKeys(ctx, keys)
			if err != nil {
				t.Fatal(err)
			}
			o := m[tt.org]
			switch {
			case tt.check == nil && o != nil:
				t.Errorf("%s still read after the write", tt.org)
			case tt.check != nil && (o == nil || !tt.check(o)):
				t.Errorf("%s read after the write = %+v", tt.org, o)
			}
		})
	}
}

// TestDomainCacheFollowsWrites is TestCachesFollowWrites for domains.
func TestDomainCacheFollowsWrites(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	read := func() map[string]*reseau.Domain {
		t.Helper()
		m, err := s.DomainsByKeys(ctx, []string{"jeunesse", "logement", "emploi"})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	read()
	if err := storetest.Err(s.UpdateDomain(ctx, "jeunesse", storetest.Replace(&reseau.Domain{Key: "jeunesse", LabelFR: "Jeunesse"}))); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateDomain(ctx, &reseau.Domain{Key: "emploi", LabelFR: "Emploi"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDomain(ctx, "logement"); err != nil {
		t.Fatal(err)
	}
	m := read()
	if m["jeunesse"] == nil || m["jeunesse"].LabelFR != "Jeunesse" || m["emploi"] == nil || m["logement"] != nil {
		t.Errorf("domains after the writes: %v %v %v", m["jeunesse"], m["emploi"], m["logement"])
	}
}

// TestCachedAnswersAreCopies edits what a read answered, as an update
// mutation does before writing it back: the next read must not see it.
func TestCachedAnswersAreCopies(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	for i := range 2 { // the first answer is the one read from SQL, the second from the cache
		m, err := s.OrganisationsByKeys(ctx, []string{"cpas"})
		if err != nil {
			t.Fatal(err)
		}
		o := m["cpas"]
		if o.Name != "CPAS de Schaerbeek" || !slices.Equal(o.Domains, []string{"jeunesse", "logement"}) {
			t.Fatalf("read %d: %+v", i+1, o)
		}
		o.Name = "edited"
		o.Domains[0] = "edited"
		o.Aliases = append(o.Aliases[:0], "edited")
	}
	p, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{Keys: []string{"gerbe"}}, reseau.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p.Items[0].Name = "edited"
	m, err := s.OrganisationsByKeys(ctx, []string{"cpas", "gerbe"})
	if err != nil {
		t.Fatal(err)
	}
	if m["cpas"].Name != "CPAS de Schaerbeek" || m["cpas"].Domains[0] != "jeunesse" || m["cpas"].Aliases[0] != "CPAS 1030" || m["gerbe"].Name == "edited" {
		t.Errorf("a caller's edit reached the cache: %+v %+v", m["cpas"], m["gerbe"])
	}
}

// TestCacheConcurrentUpdates reads and searches organisations while they
// are updated (run it with -race): once the writes are done, every read
// answers the last committed name, never one that a read cached from before
// a commit, and search finds it.
func TestCacheConcurrentUpdates(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if _, err := s.Import(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	keys := []string{"amo", "cpas", "gerbe", "meridien"}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 4 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.OrganisationsByKeys(ctx, keys); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.Search(ctx, "amo", nil, 5); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	const n = 30
	for i := range n {
		for _, k := range keys {
			if err := storetest.Err(s.UpdateOrganisation(ctx, k, storetest.Replace(&reseau.Organisation{Key: k, Name: fmt.Sprintf("%s %d", k, i), Sector: reseau.SectorPublic}))); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(stop)
	readers.Wait()
	m, err := s.OrganisationsByKeys(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		want := fmt.Sprintf("%s %d", k, n-1)
		if m[k] == nil || m[k].Name != want {
			t.Errorf("%s = %+v, want name %q", k, m[k], want)
		}
		if hits, err := s.Search(ctx, want, []string{reseau.TypeOrganisation}, 1); err != nil || len(hits) == 0 || hits[0].Key != k || hits[0].Score != 1 {
			t.Errorf("Search(%q) = %+v, %v; want %s, exact", want, hits, err, k)
		}
	}
}
