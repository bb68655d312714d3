package authz_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/storetest"
)

// The callers of the table, in column order. The editor and the viewer belong
// to the CPAS: alice and dan (PRIVATE) work there; it takes part in
// gt-logement and rencontre-2015. carol is PRIVATE at La Gerbe.
var callers = []struct {
	name string
	c    *reseau.Caller
}{
	{"anonymous", reseau.Anonymous},
	{"signed-in, no role", &reseau.Caller{Subject: "nobody"}},
	{"viewer", &reseau.Caller{Subject: "v", Roles: []string{reseau.RoleViewer}, Orgs: []string{"cpas"}}},
	{"editor", &reseau.Caller{Subject: "e", Roles: []string{reseau.RoleEditor}, Orgs: []string{"cpas"}}},
	{"coordinator", &reseau.Caller{Subject: "c", Roles: []string{reseau.RoleCoordinator}}},
	{"admin", &reseau.Caller{Subject: "a", Roles: []string{reseau.RoleAdmin}}},
	{"system", reseau.System},
}

// Cell outcomes: "ok" (and "ok:N" when the operation returns N visible
// items) or an error code.
const (
	U = reseau.EUNAUTHORIZED
	F = reseau.EFORBIDDEN
	N = reseau.ENOTFOUND
	I = reseau.EINVALID
)

type op func(ctx context.Context, s reseau.Store) (int, error)

func none(err error) (int, error) { return -1, err }

func org(key string) *reseau.Organisation {
	for _, o := range storetest.Fixture().Organisations {
		if o.Key == key {
			o.Name += " (renamed)"
			return &o
		}
	}
	panic(key)
}

func person(key string) *reseau.Person {
	for _, p := range storetest.Fixture().People {
		if p.Key == key {
			p.Phone = "+32 2 999 99 99"
			return &p
		}
	}
	panic(key)
}

func collab(key string) *reseau.Collaboration {
	for _, c := range storetest.Fixture().Collaborations {
		if c.Key == key {
			c.Title += " (renamed)"
			return &c
		}
	}
	panic(key)
}

func kinds(hits []reseau.SearchHit, typ string) int {
	n := 0
	for _, h := range hits {
		if h.Type == typ {
			n++
		}
	}
	return n
}

// table is every operation of reseau.Store against every caller. Columns:
// anonymous, no role, viewer, editor (cpas), coordinator, admin, system.
var table = []struct {
	name string
	op   op
	want [7]string
}{
	// Organisation-side reads: open to all.
	{"Domains", func(ctx context.Context, s reseau.Store) (int, error) { d, err := s.Domains(ctx); return len(d), err },
		[7]string{"ok:3", "ok:3", "ok:3", "ok:3", "ok:3", "ok:3", "ok:3"}},
	{"DomainsByKeys", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.DomainsByKeys(ctx, []string{"logement"})
		return len(m), err
	}, [7]string{"ok:1", "ok:1", "ok:1", "ok:1", "ok:1", "ok:1", "ok:1"}},
	{"OrganisationsByKeys", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.OrganisationsByKeys(ctx, []string{"cpas", "gerbe"})
		return len(m), err
	}, [7]string{"ok:2", "ok:2", "ok:2", "ok:2", "ok:2", "ok:2", "ok:2"}},
	{"FindOrganisations", func(ctx context.Context, s reseau.Store) (int, error) {
		p, err := s.FindOrganisations(ctx, reseau.OrganisationFilter{}, reseau.ListOptions{})
		return pageLen(p, err)
	}, [7]string{"ok:8", "ok:8", "ok:8", "ok:8", "ok:8", "ok:8", "ok:8"}},
	{"CollaborationsByKeys", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.CollaborationsByKeys(ctx, []string{"gt-logement"})
		return len(m), err
	}, [7]string{"ok:1", "ok:1", "ok:1", "ok:1", "ok:1", "ok:1", "ok:1"}},
	{"FindCollaborations", func(ctx context.Context, s reseau.Store) (int, error) {
		p, err := s.FindCollaborations(ctx, reseau.CollaborationFilter{}, reseau.ListOptions{})
		return pageLen(p, err)
	}, [7]string{"ok:5", "ok:5", "ok:5", "ok:5", "ok:5", "ok:5", "ok:5"}},
	{"PartnershipsByKeys", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.PartnershipsByKeys(ctx, []string{"css-adhesion"})
		return len(m), err
	}, [7]string{"ok:1", "ok:1", "ok:1", "ok:1", "ok:1", "ok:1", "ok:1"}},
	{"FindPartnerships", func(ctx context.Context, s reseau.Store) (int, error) {
		p, err := s.FindPartnerships(ctx, reseau.PartnershipFilter{}, reseau.ListOptions{})
		return pageLen(p, err)
	}, [7]string{"ok:2", "ok:2", "ok:2", "ok:2", "ok:2", "ok:2", "ok:2"}},
	{"Participations", func(ctx context.Context, s reseau.Store) (int, error) {
		r, err := s.Participations(ctx, reseau.EdgeFilter{To: []string{"immersion-2022"}})
		return len(r), err
	}, [7]string{"ok:4", "ok:4", "ok:4", "ok:4", "ok:4", "ok:4", "ok:4"}},
	{"Parties", func(ctx context.Context, s reseau.Store) (int, error) {
		r, err := s.Parties(ctx, reseau.EdgeFilter{To: []string{"css-adhesion"}})
		return len(r), err
	}, [7]string{"ok:3", "ok:3", "ok:3", "ok:3", "ok:3", "ok:3", "ok:3"}},
	{"Collaborators", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.Collaborators(ctx, []string{"meridien"}, reseau.TieFilter{})
		return len(m["meridien"]), err
	}, [7]string{"ok:4", "ok:4", "ok:4", "ok:4", "ok:4", "ok:4", "ok:4"}},
	{"Partners", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.Partners(ctx, []string{"meridien"})
		return len(m["meridien"]), err
	}, [7]string{"ok:3", "ok:3", "ok:3", "ok:3", "ok:3", "ok:3", "ok:3"}},
	{"TiedOrganisations", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.TiedOrganisations(ctx, []string{"meridien"}, true, true)
		return len(m["meridien"]), err
	}, [7]string{"ok:5", "ok:5", "ok:5", "ok:5", "ok:5", "ok:5", "ok:5"}},
	{"Version", func(ctx context.Context, s reseau.Store) (int, error) { _, err := s.Version(ctx); return none(err) },
		[7]string{"ok", "ok", "ok", "ok", "ok", "ok", "ok"}},

	// Mixed reads: people left out for those who may not see them.
	{"Search all types (people hits)", func(ctx context.Context, s reseau.Store) (int, error) {
		h, err := s.Search(ctx, "Carole", nil, 10)
		return kinds(h, reseau.TypePerson), err
	}, [7]string{"ok:0", "ok:0", "ok:0", "ok:0", "ok:1", "ok:1", "ok:1"}},
	{"Search people only", func(ctx context.Context, s reseau.Store) (int, error) {
		h, err := s.Search(ctx, "Alice", []string{reseau.TypePerson}, 10)
		return kinds(h, reseau.TypePerson), err
	}, [7]string{U, F, "ok:1", "ok:1", "ok:1", "ok:1", "ok:1"}},
	{"Export (people)", func(ctx context.Context, s reseau.Store) (int, error) {
		ds, err := s.Export(ctx)
		if err != nil {
			return none(err)
		}
		return len(ds.People), nil
	}, [7]string{"ok:0", "ok:0", "ok:4", "ok:4", "ok:5", "ok:5", "ok:5"}},
	{"ExportEach (people)", func(ctx context.Context, s reseau.Store) (int, error) {
		n := 0
		err := s.ExportEach(ctx, func(part *reseau.Dataset) error { n += len(part.People); return nil })
		if err != nil {
			return none(err)
		}
		return n, nil
	}, [7]string{"ok:0", "ok:0", "ok:4", "ok:4", "ok:5", "ok:5", "ok:5"}},

	// People reads: viewer and above, within the scope.
	{"FindPeople", func(ctx context.Context, s reseau.Store) (int, error) {
		p, err := s.FindPeople(ctx, reseau.PersonFilter{}, reseau.ListOptions{})
		return pageLen(p, err)
	}, [7]string{U, F, "ok:4", "ok:4", "ok:5", "ok:5", "ok:5"}},
	{"PeopleByKeys PRIVATE, own organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.PeopleByKeys(ctx, []string{"dan"})
		return len(m), err
	}, [7]string{U, F, "ok:1", "ok:1", "ok:1", "ok:1", "ok:1"}},
	{"PeopleByKeys PRIVATE, other organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.PeopleByKeys(ctx, []string{"carol"})
		return len(m), err
	}, [7]string{U, F, "ok:0", "ok:0", "ok:1", "ok:1", "ok:1"}},
	{"Memberships of another organisation's PRIVATE staff", func(ctx context.Context, s reseau.Store) (int, error) {
		r, err := s.Memberships(ctx, reseau.EdgeFilter{To: []string{"gerbe"}})
		return len(r), err
	}, [7]string{U, F, "ok:0", "ok:0", "ok:1", "ok:1", "ok:1"}},
	{"PersonParticipations", func(ctx context.Context, s reseau.Store) (int, error) {
		r, err := s.PersonParticipations(ctx, reseau.EdgeFilter{To: []string{"rencontre-2015"}})
		return len(r), err
	}, [7]string{U, F, "ok:3", "ok:3", "ok:4", "ok:4", "ok:4"}},
	{"Knows", func(ctx context.Context, s reseau.Store) (int, error) {
		r, err := s.Knows(ctx, reseau.EdgeFilter{From: []string{"alice"}})
		return len(r), err
	}, [7]string{U, F, "ok:1", "ok:1", "ok:1", "ok:1", "ok:1"}},
	{"Acquaintances", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.Acquaintances(ctx, []string{"alice"})
		return len(m["alice"]), err
	}, [7]string{U, F, "ok:3", "ok:3", "ok:4", "ok:4", "ok:4"}},
	{"Audit", func(ctx context.Context, s reseau.Store) (int, error) {
		_, err := s.Audit(ctx, reseau.AuditFilter{}, reseau.ListOptions{Limit: 10})
		return none(err)
	}, [7]string{U, F, F, F, F, "ok", "ok"}},

	// Imports and the directory's structure: coordinators.
	{"Import", func(ctx context.Context, s reseau.Store) (int, error) {
		_, err := s.Import(ctx, &reseau.Dataset{Domains: []reseau.Domain{{Key: "emploi", LabelFR: "Emploi"}}})
		return none(err)
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	// Merges: coordinators. Below them the answer is the same whether the
	// people merged are visible, hidden or absent.
	{"MergeOrganisations", func(ctx context.Context, s reseau.Store) (int, error) {
		o, err := s.MergeOrganisations(ctx, "gerbe", "memoire")
		if err != nil {
			return none(err)
		}
		return len(o.Aliases), nil
	}, [7]string{U, F, F, F, "ok:4", "ok:4", "ok:4"}},
	{"MergePeople visible", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.MergePeople(ctx, "alice", "eve")))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"MergePeople hidden", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.MergePeople(ctx, "dan", "carol")))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"MergePeople absent", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.MergePeople(ctx, "dan", "nobody")))
	}, [7]string{U, F, F, F, N, N, N}},
	{"Redirects", func(ctx context.Context, s reseau.Store) (int, error) {
		m, err := s.Redirects(ctx, reseau.TypeOrganisation, []string{"cpas", "nowhere"})
		return len(m), err
	}, [7]string{"ok:0", "ok:0", "ok:0", "ok:0", "ok:0", "ok:0", "ok:0"}},
	{"CreateDomain", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.CreateDomain(ctx, &reseau.Domain{Key: "emploi", LabelFR: "Emploi"}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	// Anyone may open an operation; each call inside is checked as alone.
	{"Atomic empty", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.Atomic(ctx, func(context.Context) error { return nil }))
	}, [7]string{"ok", "ok", "ok", "ok", "ok", "ok", "ok"}},
	{"Atomic with a write", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.Atomic(ctx, func(ctx context.Context) error {
			return s.CreateDomain(ctx, &reseau.Domain{Key: "emploi", LabelFR: "Emploi"})
		}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"UpdateDomain", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdateDomain(ctx, "logement", storetest.Replace(&reseau.Domain{Key: "logement", LabelFR: "Logement social"}))))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"DeleteDomain", func(ctx context.Context, s reseau.Store) (int, error) { return none(s.DeleteDomain(ctx, "logement")) },
		[7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"CreateOrganisation", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.CreateOrganisation(ctx, &reseau.Organisation{Key: "new-org", Name: "Nouvelle asbl", Sector: reseau.SectorAssociatif}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"UpdateOrganisation own", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdateOrganisation(ctx, "cpas", storetest.Replace(org("cpas")))))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"UpdateOrganisation other", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdateOrganisation(ctx, "gerbe", storetest.Replace(org("gerbe")))))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"DeleteOrganisation own", func(ctx context.Context, s reseau.Store) (int, error) { return none(s.DeleteOrganisation(ctx, "cpas")) },
		[7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"CreatePartnership", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.CreatePartnership(ctx, &reseau.Partnership{Key: "conv-2025", Kind: "convention", Title: "Convention 2025"}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"UpdatePartnership", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdatePartnership(ctx, "css-adhesion", storetest.Replace(&reseau.Partnership{Key: "css-adhesion", Kind: "adhesion", Title: "Membres", StartDate: "2005"}))))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"DeletePartnership", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeletePartnership(ctx, "convention-immersion"))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"PutParty", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutParty(ctx, reseau.Party{PartnershipKey: "css-adhesion", OrganisationKey: "cpas", Role: "membre"}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"DeleteParty", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeleteParty(ctx, "css-adhesion", "gerbe"))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},

	// People: editors for their organisations' staff.
	{"CreatePerson", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.CreatePerson(ctx, &reseau.Person{Name: "Frank Nieuw", Visibility: reseau.VisibilityNetwork}))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	// A chosen key that is taken would say CONFLICT about a person the
	// editor may not see: only callers who see everyone choose keys.
	{"CreatePerson with a chosen key", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.CreatePerson(ctx, &reseau.Person{Key: "frank", Name: "Frank Nieuw", Visibility: reseau.VisibilityNetwork}))
	}, [7]string{U, F, F, I, "ok", "ok", "ok"}},
	{"CreatePerson PRIVATE at own organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		p := &reseau.Person{Name: "Frank Nieuw", Visibility: reseau.VisibilityPrivate}
		if err := s.CreatePerson(ctx, p, reseau.Membership{OrganisationKey: "cpas", Role: "AS"}); err != nil {
			return none(err)
		}
		m, err := s.PeopleByKeys(ctx, []string{p.Key})
		return len(m), err
	}, [7]string{U, F, F, "ok:1", "ok:1", "ok:1", "ok:1"}},
	{"CreatePerson PRIVATE at no organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.CreatePerson(ctx, &reseau.Person{Name: "Frank Nieuw", Visibility: reseau.VisibilityPrivate}))
	}, [7]string{U, F, F, I, "ok", "ok", "ok"}},
	{"CreatePerson at another organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.CreatePerson(ctx, &reseau.Person{Name: "Frank Nieuw", Visibility: reseau.VisibilityNetwork}, reseau.Membership{OrganisationKey: "gerbe"}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	// An unattached PRIVATE person (imported) is visible to coordinators
	// only: to an editor, absent.
	{"PutMembership hidden unattached person into own organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		if err := s.CreatePerson(reseau.WithCaller(ctx, reseau.System), &reseau.Person{Key: "karim", Name: "Karim Demir", Visibility: reseau.VisibilityPrivate}); err != nil {
			return none(err)
		}
		return none(s.PutMembership(ctx, reseau.Membership{PersonKey: "karim", OrganisationKey: "cpas"}))
	}, [7]string{U, F, F, N, "ok", "ok", "ok"}},
	{"DeletePerson hidden unattached person", func(ctx context.Context, s reseau.Store) (int, error) {
		if err := s.CreatePerson(reseau.WithCaller(ctx, reseau.System), &reseau.Person{Key: "karim", Name: "Karim Demir", Visibility: reseau.VisibilityPrivate}); err != nil {
			return none(err)
		}
		return none(s.DeletePerson(ctx, "karim"))
	}, [7]string{U, F, F, N, "ok", "ok", "ok"}},
	{"UpdatePerson own", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdatePerson(ctx, "alice", storetest.Replace(person("alice")))))
	},
		[7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"UpdatePerson other, visible", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdatePerson(ctx, "bob", storetest.Replace(person("bob")))))
	},
		[7]string{U, F, F, F, "ok", "ok", "ok"}},
	// A viewer may not write, but a person it cannot see is absent first.
	{"UpdatePerson other, PRIVATE (hidden)", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdatePerson(ctx, "carol", storetest.Replace(person("carol")))))
	}, [7]string{U, F, N, N, "ok", "ok", "ok"}},
	// A patch that changes the key is the store's INVALID for every caller
	// who may write the node, editors included.
	{"UpdatePerson own made another", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdatePerson(ctx, "alice", func(p *reseau.Person) error { p.Key = "eve"; return nil })))
	}, [7]string{U, F, F, I, I, I, I}},
	// An editor may update a NETWORK person who works nowhere, but not make
	// them PRIVATE: only coordinators would see them again.
	{"UpdatePerson unattached", func(ctx context.Context, s reseau.Store) (int, error) {
		if err := s.CreatePerson(reseau.WithCaller(ctx, reseau.System), &reseau.Person{Key: "karim", Name: "Karim Demir", Visibility: reseau.VisibilityNetwork}); err != nil {
			return none(err)
		}
		return none(storetest.Err(s.UpdatePerson(ctx, "karim", func(p *reseau.Person) error { p.Phone = "+32 2 222 22 22"; return nil })))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"UpdatePerson unattached made PRIVATE", func(ctx context.Context, s reseau.Store) (int, error) {
		if err := s.CreatePerson(reseau.WithCaller(ctx, reseau.System), &reseau.Person{Key: "karim", Name: "Karim Demir", Visibility: reseau.VisibilityNetwork}); err != nil {
			return none(err)
		}
		return none(storetest.Err(s.UpdatePerson(ctx, "karim", func(p *reseau.Person) error { p.Visibility = reseau.VisibilityPrivate; return nil })))
	}, [7]string{U, F, F, I, "ok", "ok", "ok"}},
	{"DeletePerson own", func(ctx context.Context, s reseau.Store) (int, error) { return none(s.DeletePerson(ctx, "dan")) },
		[7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"DeletePerson other", func(ctx context.Context, s reseau.Store) (int, error) { return none(s.DeletePerson(ctx, "eve")) },
		[7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"DeletePerson other, PRIVATE (hidden)", func(ctx context.Context, s reseau.Store) (int, error) { return none(s.DeletePerson(ctx, "carol")) },
		[7]string{U, F, F, N, "ok", "ok", "ok"}},
	{"PutMembership own person, own organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutMembership(ctx, reseau.Membership{PersonKey: "alice", OrganisationKey: "cpas", Role: "coordinatrice"}))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"PutMembership other's person into own organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutMembership(ctx, reseau.Membership{PersonKey: "bob", OrganisationKey: "cpas"}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"PutMembership into other organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutMembership(ctx, reseau.Membership{PersonKey: "alice", OrganisationKey: "gerbe"}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"DeleteMembership own organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeleteMembership(ctx, "dan", "cpas"))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"DeleteMembership other organisation", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeleteMembership(ctx, "carol", "gerbe"))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"PutKnows own person", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutKnows(ctx, reseau.Knows{PersonKey: "alice", OtherKey: "bob", Source: "gt"}))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"PutKnows between others", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutKnows(ctx, reseau.Knows{PersonKey: "bob", OtherKey: "eve"}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"PutKnows with a hidden person", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutKnows(ctx, reseau.Knows{PersonKey: "alice", OtherKey: "carol"}))
	}, [7]string{U, F, F, N, "ok", "ok", "ok"}},
	{"DeleteKnows touching own person", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeleteKnows(ctx, "eve", "alice"))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},

	// Collaborations: editors for those their organisations take part in.
	{"CreateCollaboration", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.CreateCollaboration(ctx, &reseau.Collaboration{Key: "gt-2026", Kind: "groupe_de_travail", Title: "GT 2026", StartDate: "2026"}))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"UpdateCollaboration own", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdateCollaboration(ctx, "gt-logement", storetest.Replace(collab("gt-logement")))))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"UpdateCollaboration own made another", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdateCollaboration(ctx, "gt-logement", func(c *reseau.Collaboration) error { c.Key = "meeting-2018"; return nil })))
	}, [7]string{U, F, F, I, I, I, I}},
	{"UpdateCollaboration other", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(storetest.Err(s.UpdateCollaboration(ctx, "meeting-2018", storetest.Replace(collab("meeting-2018")))))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"DeleteCollaboration own", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeleteCollaboration(ctx, "rencontre-2015"))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"DeleteCollaboration other", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeleteCollaboration(ctx, "immersion-2022"))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"PutParticipation own collaboration", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "gt-logement", OrganisationKey: "amo", Role: "membre"}))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"PutParticipation other collaboration", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutParticipation(ctx, reseau.Participation{CollaborationKey: "meeting-2018", OrganisationKey: "cpas", Role: "participant"}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"DeleteParticipation own collaboration", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeleteParticipation(ctx, "gt-logement", "logement"))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"DeleteParticipation other collaboration", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeleteParticipation(ctx, "meeting-2018", "amo"))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"PutPersonParticipation own collaboration", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutPersonParticipation(ctx, reseau.PersonParticipation{CollaborationKey: "gt-logement", PersonKey: "alice", Role: "membre"}))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"PutPersonParticipation hidden person", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutPersonParticipation(ctx, reseau.PersonParticipation{CollaborationKey: "gt-logement", PersonKey: "carol"}))
	}, [7]string{U, F, F, N, "ok", "ok", "ok"}},
	{"PutPersonParticipation other collaboration", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.PutPersonParticipation(ctx, reseau.PersonParticipation{CollaborationKey: "meeting-2018", PersonKey: "alice"}))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
	{"DeletePersonParticipation own collaboration", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeletePersonParticipation(ctx, "rencontre-2015", "bob"))
	}, [7]string{U, F, F, "ok", "ok", "ok", "ok"}},
	{"DeletePersonParticipation other collaboration", func(ctx context.Context, s reseau.Store) (int, error) {
		return none(s.DeletePersonParticipation(ctx, "meeting-2018", "bob"))
	}, [7]string{U, F, F, F, "ok", "ok", "ok"}},
}

func pageLen[T any](p *reseau.Page[T], err error) (int, error) {
	if err != nil {
		return none(err)
	}
	return len(p.Items), nil
}

// TestRoleTable runs every operation as every caller, each cell on a fresh
// store so that writes cannot mask each other.
func TestRoleTable(t *testing.T) {
	for _, row := range table {
		t.Run(row.name, func(t *testing.T) {
			for i, c := range callers {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					s := open(t)
					n, err := row.op(reseau.WithCaller(context.Background(), c.c), s)
					got := reseau.ErrorCode(err)
					if err == nil {
						got = "ok"
						if n >= 0 && row.want[i] != "ok" {
							got = fmt.Sprintf("ok:%d", n)
						}
					}
					if got != row.want[i] {
						t.Errorf("%s as %s = %s (%v), want %s", row.name, c.name, got, err, row.want[i])
					}
				})
			}
		})
	}
}

// TestTableCoversStore fails when a Store method has no row in the table, so
// that a method added to the interface cannot escape the access rules'
// tests.
func TestTableCoversStore(t *testing.T) {
	typ := reflect.TypeOf((*reseau.Store)(nil)).Elem()
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		if name == "Close" {
			continue
		}
		found := false
		for _, row := range table {
			if row.name == name || strings.HasPrefix(row.name, name+" ") {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no row of the role table for Store.%s", name)
		}
	}
}
