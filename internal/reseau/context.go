package reseau

import (
	"context"
	"slices"
)

// Role names, from least to most privileged.
const (
	RoleViewer      = "viewer"
	RoleEditor      = "editor"
	RoleCoordinator = "coordinator"
	RoleAdmin       = "admin"
)

// Caller is who makes a request: set by the HTTP middleware from a verified
// token, or System for the command line.
type Caller struct {
	Subject string   // token "sub"; "" for anonymous
	Roles   []string // token roles
	Orgs    []string // organisation keys listed in the token
	// Person is the key of the person the token's subject is (its person
	// claim); "" when the token links its subject to nobody.
	Person string
	System bool // the CLI and internal jobs: full access
}

// Anonymous is the caller without a token.
var Anonymous = &Caller{}

// System is the caller used by the command line and by tests that are not
// about access control.
var System = &Caller{Subject: "system", System: true}

// HasRole reports whether c holds role r or a role above it
// (admin > coordinator > editor > viewer).
func (c *Caller) HasRole(r string) bool {
	if c == nil {
		return false
	}
	if c.System {
		return true
	}
	rank := map[string]int{RoleViewer: 1, RoleEditor: 2, RoleCoordinator: 3, RoleAdmin: 4}
	want := rank[r]
	if want == 0 {
		return slices.Contains(c.Roles, r)
	}
	for _, have := range c.Roles {
		if rank[have] >= want {
			return true
		}
	}
	return false
}

// Authenticated reports whether c is a signed-in member (or the system).
func (c *Caller) Authenticated() bool { return c != nil && (c.System || c.Subject != "") }

// PeopleScope says which people a caller may see. Stores apply it inside their
// queries (lists, counts, search, ties, exports), so that hidden people are
// never named, not even by a total or a cursor.
type PeopleScope struct {
	None bool     // anonymous: no person at all
	All  bool     // system, coordinators and admins: every person
	Orgs []string // otherwise NETWORK people plus the PRIVATE people working at one of Orgs
	// Self is the caller's own person (its token's person claim), seen
	// whatever their visibility; "" for none. It widens reads only: the
	// authorization of writes judges people without it.
	Self string
}

// PeopleScope returns the people c may see.
func (c *Caller) PeopleScope() PeopleScope {
	switch {
	case c == nil || !c.Authenticated():
		return PeopleScope{None: true}
	case c.System || c.HasRole(RoleCoordinator):
		return PeopleScope{All: true}
	case !c.HasRole(RoleViewer):
		return PeopleScope{None: true}
	default:
		return PeopleScope{Orgs: c.Orgs, Self: c.Person}
	}
}

// CanSee reports whether the person key, with visibility v and working at
// orgs, is in the scope.
func (s PeopleScope) CanSee(key string, v Visibility, orgs []string) bool {
	switch {
	case s.None:
		return false
	case s.All, v == VisibilityNetwork, key != "" && key == s.Self:
		return true
	}
	for _, o := range orgs {
		if slices.Contains(s.Orgs, o) {
			return true
		}
	}
	return false
}

type callerKey struct{}

// WithCaller returns a context carrying c. A nil c is Anonymous: only a
// context that carries no caller at all is the System.
func WithCaller(ctx context.Context, c *Caller) context.Context {
	if c == nil {
		c = Anonymous
	}
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller in ctx. A context without one is the System
// caller: only the HTTP middleware builds request contexts, and it always sets
// a caller (Anonymous when there is no token).
func CallerFrom(ctx context.Context) *Caller {
	if c, ok := ctx.Value(callerKey{}).(*Caller); ok {
		return c
	}
	return System
}
