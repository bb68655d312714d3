package security_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// coordinator is the caller of the mutation tests.
var coordinator = callers[3].c

// committedOrg reports whether an organisation is in the store, as a
// request after the mutation reads it, and how many audit entries name it.
func committedOrg(t *testing.T, e *env, key string) (bool, int) {
	t.Helper()
	ctx := context.Background()
	m, err := e.store.OrganisationsByKeys(ctx, []string{key})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.store.Audit(ctx, reseau.AuditFilter{Key: key}, reseau.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return m[key] != nil, p.TotalCount
}

// TestMutationRollsBackOnError sends a mutation whose second field fails:
// the first field's write, committed on its own before, is rolled back with
// its audit entry, and the answer says so.
func TestMutationRollsBackOnError(t *testing.T) {
	e := start(t, nil, nil)
	tok := tokenFor(t, coordinator)
	a := e.gql(t, tok, `mutation {
		a: createOrganisation(input: {key: "neuve", name: "Asbl Neuve"}) { key }
		b: createOrganisation(input: {key: "cpas", name: "Doublon"}) { key }
	}`, nil)
	if a.code() != reseau.ECONFLICT || a.Data != nil {
		t.Fatalf("answer: %s, want CONFLICT and no data", pretty(a.Raw))
	}
	if !rolledBack(t, a) {
		t.Errorf("the answer does not say the operation was rolled back: %s", pretty(a.Raw))
	}
	if ok, n := committedOrg(t, e, "neuve"); ok || n != 0 {
		t.Errorf("after the failed mutation, neuve exists: %v, audit entries: %d", ok, n)
	}
}

// rolledBack reports the response extension of a rolled-back operation.
func rolledBack(t *testing.T, a answer) bool {
	t.Helper()
	var body struct {
		Extensions map[string]any `json:"extensions"`
	}
	if err := json.Unmarshal([]byte(a.Raw), &body); err != nil {
		t.Fatal(err)
	}
	return body.Extensions["rolledBack"] == true
}

// TestMutationCommitsEveryField sends a mutation of two writes that both
// succeed: both are committed.
func TestMutationCommitsEveryField(t *testing.T) {
	e := start(t, nil, nil)
	a := e.gql(t, tokenFor(t, coordinator), `mutation {
		a: createOrganisation(input: {key: "neuve", name: "Asbl Neuve"}) { key }
		b: createOrganisation(input: {key: "autre", name: "Autre Asbl"}) { key }
	}`, nil)
	if a.code() != "" || rolledBack(t, a) {
		t.Fatalf("answer: %s", pretty(a.Raw))
	}
	for _, k := range []string{"neuve", "autre"} {
		if ok, n := committedOrg(t, e, k); !ok || n != 1 {
			t.Errorf("%s committed: %v, audit entries: %d, want it with one", k, ok, n)
		}
	}
}

// mutationReadingItsWrites creates an organisation, then makes it take part
// in a collaboration and asks, in the answer, for what that derives: the
// participants and the new organisation's collaborators.
const mutationReadingItsWrites = `mutation {
	createOrganisation(input: {key: "neuve", name: "Asbl Neuve"}) { key }
	addParticipant(collaboration: "meeting-2018", organisation: "neuve", role: "participant") {
		participants { organisation { key collaborators { organisation { key } } } }
	}
	%s
}`

// TestMutationAnswersReadItsWrites checks that the answer of a field reads
// the writes of the fields before it, derived ties included, although none
// is committed yet.
func TestMutationAnswersReadItsWrites(t *testing.T) {
	e := start(t, nil, nil)
	a := e.gql(t, tokenFor(t, coordinator), fmt.Sprintf(mutationReadingItsWrites, ""), nil)
	if a.code() != "" {
		t.Fatalf("answer: %s", pretty(a.Raw))
	}
	if got := a.keysAt("addParticipant.participants", "organisation"); !slices.Contains(got, "neuve") {
		t.Errorf("participants = %v, want neuve among them", got)
	}
	var ties []string
	for _, p := range a.at("addParticipant.participants").([]any) {
		o := p.(map[string]any)["organisation"].(map[string]any)
		if o["key"] == "neuve" {
			for _, c := range o["collaborators"].([]any) {
				ties = append(ties, c.(map[string]any)["organisation"].(map[string]any)["key"].(string))
			}
		}
	}
	slices.Sort(ties)
	if want := []string{"amo", "meridien", "pole-jeunes"}; !slices.Equal(ties, want) {
		t.Errorf("neuve's collaborators in the answer = %v, want %v", ties, want)
	}
}

// TestRolledBackMutationLeavesNoTrace runs the mutation that reads its
// writes (deriving ties while the writes are not committed), with a last
// field that fails: afterwards, no read finds anything of it, not even
// through the caches the reads before it built.
func TestRolledBackMutationLeavesNoTrace(t *testing.T) {
	e := start(t, nil, nil)
	tok := tokenFor(t, coordinator)
	const after = `{
		neuve: organisation(key: "neuve") { key }
		amo: organisation(key: "amo") { collaborators { organisation { key } } }
		search(text: "Neuve") { score }
		collaboration(key: "meeting-2018") { participants { organisation { key } } }
	}`
	if a := e.gql(t, tok, after, nil); a.code() != "" { // builds the shared caches
		t.Fatalf("answer: %s", pretty(a.Raw))
	}
	q := fmt.Sprintf(mutationReadingItsWrites, `failing: createOrganisation(input: {key: "cpas", name: "Doublon"}) { key }`)
	if a := e.gql(t, tok, q, nil); a.code() != reseau.ECONFLICT || a.Data != nil || !rolledBack(t, a) {
		t.Fatalf("answer: %s, want CONFLICT, rolled back", pretty(a.Raw))
	}
	a := e.gql(t, tok, after, nil)
	if a.code() != "" {
		t.Fatalf("answer: %s", pretty(a.Raw))
	}
	if a.at("neuve") != nil || slices.Contains(a.keysAt("amo.collaborators", "organisation"), "neuve") ||
		len(a.at("search").([]any)) != 0 || slices.Contains(a.keysAt("collaboration.participants", "organisation"), "neuve") {
		t.Errorf("the rolled-back mutation left traces: %s", pretty(a.Raw))
	}
	if ok, n := committedOrg(t, e, "neuve"); ok || n != 0 {
		t.Errorf("neuve exists: %v, audit entries: %d", ok, n)
	}
}
