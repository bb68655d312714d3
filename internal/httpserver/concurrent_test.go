package httpserver_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite"
)

// TestConcurrentDomainAdds is a reviewer's scenario: many clients add a
// different domain to one organisation at the same time. Every answer is a
// success, so every domain must be there at the end: a read-merge-write in
// two store calls lost about half of them.
func TestConcurrentDomainAdds(t *testing.T) {
	const n = 21
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reseau.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ts := serve(t, authz.New(s), reseau.System)

	if a := post(t, ts, `mutation { createOrganisation(input: {key: "asbl", name: "ASBL"}) { key } }`, nil); len(a.Errors) > 0 {
		t.Fatalf("createOrganisation: %+v", a.Errors)
	}
	var want []string
	for i := range n {
		k := fmt.Sprintf("domaine-%02d", i)
		want = append(want, k)
		a := post(t, ts, `mutation($k: String!) { createDomain(input: {key: $k, labelFr: $k}) { key } }`, map[string]any{"k": k})
		if len(a.Errors) > 0 {
			t.Fatalf("createDomain %s: %+v", k, a.Errors)
		}
	}

	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, k := range want {
		wg.Go(func() {
			<-start
			a := post(t, ts, `mutation($d: String!) { addOrganisationDomain(organisation: "asbl", domain: $d) { key } }`, map[string]any{"d": k})
			if len(a.Errors) > 0 {
				t.Errorf("addOrganisationDomain %s: %+v", k, a.Errors)
			}
		})
	}
	close(start)
	wg.Wait()

	var got struct {
		Organisation struct {
			Domains []struct{ Key string }
		}
	}
	data(t, post(t, ts, `{ organisation(key: "asbl") { domains { key } } }`, nil), &got)
	var keys []string
	for _, d := range got.Organisation.Domains {
		keys = append(keys, d.Key)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, want) {
		t.Errorf("after %d acknowledged adds the organisation has %d domains: %v", n, len(keys), keys)
	}
}
