// Package storetest is the contract suite that every reseau.Store passes.
// It knows nothing of SQL or Cypher: each store's own tests call Run with a
// function that opens a fresh, empty store.
package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Opener returns a fresh, empty store; it registers its own cleanup with
// t.Cleanup (closing the store, removing files).
type Opener func(t *testing.T) reseau.Store

// Run runs the whole contract suite against the stores open returns. Each
// subtest opens its own store, so subtests never see each other's data.
//
// Besides what the reseau.Store comments say, the suite pins down:
//   - natural orders (name, title) ignore case and accents (reseau.Fold);
//   - a span with no end is its start day(s), and a node without dates
//     matches no date filter;
//   - Put* with an unknown end is ENOTFOUND, a bad field EINVALID;
//   - ties a store derives or caches follow every write at once;
//   - after DeletePerson no audit entry holds the person's data;
//   - deleting an organisation deletes the partnerships it leaves without
//     any party, and a delete's audit entry keeps everything it removed;
//   - every write leaves exactly one audit entry, a rejected one none, and
//     the import's entry holds its ImportStats as JSON;
//   - inside Atomic, every read sees the operation's writes, derived ties and
//     search included, and no read outside sees them before the commit;
//   - an organisation's directory record round-trips whole, an update's list
//     replaces the stored list, and the commune filter also matches the
//     communes of its addresses, and the duplicate search reads it whole;
//   - a merge (MergeOrganisations, MergePeople) leaves the audit entries of
//     the writes it is made of and one of its own, and its merged key keeps
//     naming the node it was merged into, in reads, writes and imports.
//
// Each store runs behind reseau.Checked, as every caller uses one: the
// suite pins down what a store answers under the domain's rules, which a
// store does not repeat (a bad input never reaches it).
func Run(t *testing.T, raw Opener) {
	open := func(t *testing.T) reseau.Store { return reseau.Checked(raw(t)) }
	t.Run("Domains", func(t *testing.T) { testDomains(t, open) })
	t.Run("Organisations", func(t *testing.T) { testOrganisations(t, open) })
	t.Run("People", func(t *testing.T) { testPeople(t, open) })
	t.Run("NewPerson", func(t *testing.T) { testNewPerson(t, open) })
	t.Run("Collaborations", func(t *testing.T) { testCollaborations(t, open) })
	t.Run("Partnerships", func(t *testing.T) { testPartnerships(t, open) })
	t.Run("InvalidWrites", func(t *testing.T) { testInvalidWrites(t, open) })
	t.Run("UpdatePatches", func(t *testing.T) { testUpdatePatches(t, open) })
	t.Run("ConcurrentUpdates", func(t *testing.T) { testConcurrentUpdates(t, open) })
	t.Run("Atomic", func(t *testing.T) { testAtomic(t, open) })
	t.Run("Relationships", func(t *testing.T) { testRelationships(t, open) })
	t.Run("Lists", func(t *testing.T) { testLists(t, open) })
	t.Run("Collaborators", func(t *testing.T) { testCollaborators(t, open) })
	t.Run("TiesFollowWrites", func(t *testing.T) { testTiesFollowWrites(t, open) })
	t.Run("Partners", func(t *testing.T) { testPartners(t, open) })
	t.Run("TiedOrganisations", func(t *testing.T) { testTiedOrganisations(t, open) })
	t.Run("PartnersFollowWrites", func(t *testing.T) { testPartnersFollowWrites(t, open) })
	t.Run("InstitutionTies", func(t *testing.T) { testInstitutionTies(t, open) })
	t.Run("Acquaintances", func(t *testing.T) { testAcquaintances(t, open) })
	t.Run("TieStatuses", func(t *testing.T) { testTieStatuses(t, open) })
	t.Run("TieConditions", func(t *testing.T) { testTieConditions(t, open) })
	t.Run("Search", func(t *testing.T) { testSearch(t, open) })
	t.Run("Import", func(t *testing.T) { testImport(t, open) })
	t.Run("ExportRoundTrip", func(t *testing.T) { testExportRoundTrip(t, open) })
	t.Run("PeopleScope", func(t *testing.T) { testPeopleScope(t, open) })
	t.Run("DeletePerson", func(t *testing.T) { testDeletePerson(t, open) })
	t.Run("DeleteCascades", func(t *testing.T) { testDeleteCascades(t, open) })
	t.Run("DeleteAudit", func(t *testing.T) { testDeleteAudit(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("Version", func(t *testing.T) { testVersion(t, open) })
	t.Run("Schaerbeek", func(t *testing.T) { testSchaerbeek(t, open) })
	t.Run("Directory", func(t *testing.T) { testDirectory(t, open) })
	t.Run("Duplicates", func(t *testing.T) { testDuplicates(t, open) })
	t.Run("Merge", func(t *testing.T) { testMerge(t, open) })
}

// Callers used across the suite.
var (
	anonymous   = &reseau.Caller{}
	coordinator = &reseau.Caller{Subject: "coord", Roles: []string{reseau.RoleCoordinator}}
	// viewerMeridien sees NETWORK people and the PRIVATE people of Le Méridien (none).
	viewerMeridien = &reseau.Caller{Subject: "v-meridien", Roles: []string{reseau.RoleViewer}, Orgs: []string{"meridien"}}
	// viewerGerbe also sees carol, PRIVATE at La Gerbe.
	viewerGerbe = &reseau.Caller{Subject: "v-gerbe", Roles: []string{reseau.RoleViewer}, Orgs: []string{"gerbe"}}
)

func as(c *reseau.Caller) context.Context {
	return reseau.WithCaller(context.Background(), c)
}

// loaded opens a store holding Fixture.
func loaded(t *testing.T, open Opener) reseau.Store {
	t.Helper()
	s := open(t)
	if _, err := s.Import(context.Background(), Fixture()); err != nil {
		t.Fatalf("import fixture: %v", err)
	}
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := reseau.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// export returns a store's export as canonical JSON, so that two exports
// compare equal whatever nil-versus-empty choices a store makes.
func export(t *testing.T, ctx context.Context, s reseau.Store) string {
	t.Helper()
	ds, err := s.Export(ctx)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return Canonical(t, ds)
}

// Canonical returns ds as indented JSON with empty sections as [].
func Canonical(t *testing.T, ds *reseau.Dataset) string {
	t.Helper()
	c := *ds
	c.Domains = nonNil(c.Domains)
	c.Organisations = nonNil(c.Organisations)
	c.People = nonNil(c.People)
	c.Memberships = nonNil(c.Memberships)
	c.Collaborations = nonNil(c.Collaborations)
	c.Participations = nonNil(c.Participations)
	c.PersonParticipations = nonNil(c.PersonParticipations)
	c.Partnerships = nonNil(c.Partnerships)
	c.Parties = nonNil(c.Parties)
	c.Knows = nonNil(c.Knows)
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func orgKeys(items []*reseau.Organisation) []string {
	var keys []string
	for _, o := range items {
		keys = append(keys, o.Key)
	}
	return keys
}

func personKeys(items []*reseau.Person) []string {
	var keys []string
	for _, p := range items {
		keys = append(keys, p.Key)
	}
	return keys
}

func collabKeys(items []*reseau.Collaboration) []string {
	var keys []string
	for _, c := range items {
		keys = append(keys, c.Key)
	}
	return keys
}

func partnershipKeys(items []*reseau.Partnership) []string {
	var keys []string
	for _, p := range items {
		keys = append(keys, p.Key)
	}
	return keys
}

func sameKeys(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func ptr[T any](v T) *T { return &v }
