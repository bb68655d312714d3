// Package authz enforces who may read and write what. It is the one place of
// authorization: a reseau.Store decorator that every request goes through, so
// resolvers and importers never check roles themselves. The analytics
// engine reads the graph as the system, then asks this package whom its
// answers may name (PeopleScope, VisiblePeople).
//
// The rules (docs/security.md has the table):
//
//   - Anonymous callers read organisations, domains, collaborations,
//     partnerships, their ties and organisation-level answers. Every read that
//     is about people (people lists and lookups, memberships, person
//     participations, KNOWS, acquaintances) is refused to a caller without the
//     viewer role, whatever the key asked for, so the answer says nothing
//     about who exists. Mixed reads (search, export) answer without the
//     people, because the stores apply the people scope.
//   - Refusals follow HTTP's 401/403: a caller without a token gets
//     UNAUTHENTICATED for anything that needs signing in (people, the audit
//     log, every write), which tells a client to sign in; a signed-in caller
//     without the right gets FORBIDDEN. The analytics engine answers
//     person-level questions with the same two codes, from PeopleScope.
//   - viewer reads people within reseau.Caller.PeopleScope: NETWORK people,
//     PRIVATE people of the organisations in its token, and itself (the
//     person its token's person claim names, whatever their visibility, so
//     that "me" answers; nobody else is seen because of it). A person outside
//     the scope is absent (NOT_FOUND, empty lists), never FORBIDDEN, which
//     would confirm that the person exists. Seeing oneself is a read only:
//     the checks of writes judge people without it.
//   - editor updates the organisations of its token ("its organisations"),
//     their people (people with a membership at one of them, and visible
//     people with no membership yet), their memberships, the collaborations they take part in (and collaborations
//     nobody takes part in yet) with those collaborations' participants, and
//     the KNOWS ties of its people. It creates people under keys the server
//     assigns (a key it chose could collide with a person it cannot see, and
//     the CONFLICT would say that they exist); a PRIVATE person it creates
//     must work at one of its organisations from the start, and it cannot
//     make PRIVATE a person who works nowhere. Creating and deleting
//     organisations, domains and partnerships is a coordinator's job.
//   - Every write that names a person checks first, for callers who do not
//     see every person, that they see this one: a hidden person and an
//     absent key get the same NOT_FOUND, from the same place, before any
//     other question about the person is asked.
//   - coordinator writes everything, imports and merges duplicates; admin also
//     reads the audit log.
//
// A rule that depends on facts in the store (memberships, participants,
// whether the caller sees a person) reads them before the write, in the
// write's transaction (Store.Atomic: the caller's operation, or one of its
// own), so that no other write comes between the facts and the write; the
// apply of an update is then judged on those facts and reads nothing, as
// the Store contract asks.
package authz

import (
	"context"
	"slices"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Store wraps a reseau.Store and checks CallerFrom(ctx) before each call.
type Store struct {
	next reseau.Store
}

var _ reseau.Store = (*Store)(nil)

// New returns next guarded by the access rules of the package.
func New(next reseau.Store) *Store { return &Store{next: next} }

// Unwrap returns the guarded store, for the command line and migrations that
// run as reseau.System anyway.
func (s *Store) Unwrap() reseau.Store { return s.next }

// system is the context used to look up the facts a rule depends on (a
// person's memberships, a collaboration's participants) in full, whatever the
// caller may see; the answers never leave this package.
func system(ctx context.Context) context.Context { return reseau.WithCaller(ctx, reseau.System) }

func forbidden(what string) error {
	return reseau.Errorf(reseau.EFORBIDDEN, "not allowed to %s", what)
}

// need checks that the caller holds role for a write.
func need(ctx context.Context, role, what string) error {
	c := reseau.CallerFrom(ctx)
	if !c.Authenticated() {
		return reseau.Errorf(reseau.EUNAUTHORIZED, "sign in to %s", what)
	}
	if !c.HasRole(role) {
		return forbidden(what)
	}
	return nil
}

// readPeople checks that the caller may read people at all.
func readPeople(ctx context.Context) error {
	c := reseau.CallerFrom(ctx)
	if !c.Authenticated() {
		return reseau.Errorf(reseau.EUNAUTHORIZED, "sign in to see people")
	}
	if !c.HasRole(reseau.RoleViewer) {
		return reseau.Errorf(reseau.EFORBIDDEN, "people are visible to members with the viewer role")
	}
	return nil
}

// coordinates reports whether the caller writes everything.
func coordinates(ctx context.Context) bool {
	return reseau.CallerFrom(ctx).HasRole(reseau.RoleCoordinator)
}

// ownsOrg reports whether org is one of the caller's organisations.
func ownsOrg(ctx context.Context, org string) bool {
	return slices.Contains(reseau.CallerFrom(ctx).Orgs, org)
}

// editOrg allows coordinators, and editors of org.
func (s *Store) editOrg(ctx context.Context, org, what string) error {
	if err := need(ctx, reseau.RoleEditor, what); err != nil || coordinates(ctx) {
		return err
	}
	if !ownsOrg(ctx, org) {
		return forbidden(what)
	}
	return nil
}

// checked runs fn, which checks facts read from the store and then writes,
// as one transaction: the operation of ctx if there is one, a new one
// otherwise. No other write comes between the facts and the write they
// allow, and the check reads nothing from inside the store's write (an
// apply must be pure: it may run twice, and on Neo4j it runs holding the
// write lock and a connection).
func (s *Store) checked(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.next.Atomic(ctx, fn)
}

// decided is checked for the writes that answer a node.
func decided[T any](ctx context.Context, s *Store, fn func(ctx context.Context) (*T, error)) (*T, error) {
	var out *T
	err := s.checked(ctx, func(ctx context.Context) error {
		var err error
		out, err = fn(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// visiblePerson answers NOT_FOUND for a person outside the caller's scope,
// exactly as for a person that does not exist. The scope is the one of the
// caller's organisations, without the caller's own person: seeing oneself
// is a read, and widens no write (a PRIVATE person outside the caller's
// organisations stays NOT_FOUND to a write, even when it is the caller).
func (s *Store) visiblePerson(ctx context.Context, key string) error {
	m, err := s.next.PeopleByKeys(withoutSelf(ctx), []string{key})
	if err != nil {
		return err
	}
	if m[key] == nil {
		return reseau.Errorf(reseau.ENOTFOUND, "person %q not found", key)
	}
	return nil
}

// withoutSelf returns ctx with its caller's person claim left out, for the
// visibility checks of writes.
func withoutSelf(ctx context.Context) context.Context {
	c := reseau.CallerFrom(ctx)
	if c == nil || c.Person == "" {
		return ctx
	}
	cp := *c
	cp.Person = ""
	return reseau.WithCaller(ctx, &cp)
}

// seesPerson is visiblePerson for the writes that name a person besides
// the node they are judged on: coordinators see everyone, and an absent key
// is then the store's NOT_FOUND.
func (s *Store) seesPerson(ctx context.Context, key string) error {
	if coordinates(ctx) {
		return nil
	}
	return s.visiblePerson(ctx, key)
}

// personOrgs returns the organisations the person works at, in full,
// whatever the caller may see.
func (s *Store) personOrgs(ctx context.Context, key string) ([]string, error) {
	ms, err := s.next.Memberships(system(ctx), reseau.EdgeFilter{From: []string{key}})
	if err != nil {
		return nil, err
	}
	orgs := make([]string, len(ms))
	for i, m := range ms {
		orgs[i] = m.OrganisationKey
	}
	return orgs, nil
}

// keeps reports whether a person who works at orgs is one of the caller's
// people: they work at one of its organisations, or at none (a NETWORK
// person nobody has attached yet; an unattached PRIVATE person is visible to
// coordinators only, so editors never reach this question about them).
func keeps(ctx context.Context, orgs []string) bool {
	if len(orgs) == 0 {
		return true
	}
	for _, o := range orgs {
		if ownsOrg(ctx, o) {
			return true
		}
	}
	return false
}

// editPerson allows coordinators, and editors of one of the person's
// organisations (or of none: an unattached NETWORK person). A person the
// caller cannot see is NOT_FOUND, checked before anything about them, so
// that the answer is the one an absent key gets; another visible person is
// FORBIDDEN.
func (s *Store) editPerson(ctx context.Context, key, what string) error {
	if err := need(ctx, reseau.RoleEditor, what); err != nil || coordinates(ctx) {
		return err
	}
	if err := s.visiblePerson(ctx, key); err != nil {
		return err
	}
	orgs, err := s.personOrgs(ctx, key)
	if err != nil {
		return err
	}
	if !keeps(ctx, orgs) {
		return forbidden(what)
	}
	return nil
}

// editCollaboration allows coordinators, and editors one of whose
// organisations takes part in the collaboration (or when nobody does yet).
func (s *Store) editCollaboration(ctx context.Context, key, what string) error {
	if err := need(ctx, reseau.RoleEditor, what); err != nil || coordinates(ctx) {
		return err
	}
	ps, err := s.next.Participations(system(ctx), reseau.EdgeFilter{To: []string{key}})
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return nil
	}
	for _, p := range ps {
		if ownsOrg(ctx, p.OrganisationKey) {
			return nil
		}
	}
	return forbidden(what)
}

// PeopleScope returns the people the caller of ctx may see (the caller's
// own person included, PeopleScope.Self), for an answer
// that is about people (the analytics engine's introduction paths): as for
// the store's people reads, UNAUTHENTICATED without a token and FORBIDDEN
// without the viewer role.
func PeopleScope(ctx context.Context) (reseau.PeopleScope, error) {
	if err := readPeople(ctx); err != nil {
		return reseau.PeopleScope{None: true}, err
	}
	return reseau.CallerFrom(ctx).PeopleScope(), nil
}

// VisiblePeople returns the people a mixed answer (the analytics engine's
// network view, gap brokers) may name for the caller of ctx, as the stores
// scope search and exports: none for a caller who may not see people, and
// never an error.
func VisiblePeople(ctx context.Context) reseau.PeopleScope {
	return reseau.CallerFrom(ctx).PeopleScope()
}

// Coordinate checks that the caller of ctx coordinates the network, for the
// answers meant for coordinators alone (the data-quality report, possible
// duplicates, which name people and organisations side by side):
// UNAUTHENTICATED without a token, FORBIDDEN below the coordinator role.
// what says what the caller tried ("see possible duplicates").
func Coordinate(ctx context.Context, what string) error {
	return need(ctx, reseau.RoleCoordinator, what)
}
