package authz

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Reads of the organisation side: open to everyone. The store applies the
// people scope to the ones that could mention people (search, export).

// Domains implements reseau.Store.
func (s *Store) Domains(ctx context.Context) ([]*reseau.Domain, error) { return s.next.Domains(ctx) }

// DomainsByKeys implements reseau.Store.
func (s *Store) DomainsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Domain, error) {
	return s.next.DomainsByKeys(ctx, keys)
}

// OrganisationsByKeys implements reseau.Store.
func (s *Store) OrganisationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Organisation, error) {
	return s.next.OrganisationsByKeys(ctx, keys)
}

// CollaborationsByKeys implements reseau.Store.
func (s *Store) CollaborationsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Collaboration, error) {
	return s.next.CollaborationsByKeys(ctx, keys)
}

// PartnershipsByKeys implements reseau.Store.
func (s *Store) PartnershipsByKeys(ctx context.Context, keys []string) (map[string]*reseau.Partnership, error) {
	return s.next.PartnershipsByKeys(ctx, keys)
}

// FindOrganisations implements reseau.Store.
func (s *Store) FindOrganisations(ctx context.Context, f reseau.OrganisationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Organisation], error) {
	return s.next.FindOrganisations(ctx, f, o)
}

// FindCollaborations implements reseau.Store.
func (s *Store) FindCollaborations(ctx context.Context, f reseau.CollaborationFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Collaboration], error) {
	return s.next.FindCollaborations(ctx, f, o)
}

// FindPartnerships implements reseau.Store.
func (s *Store) FindPartnerships(ctx context.Context, f reseau.PartnershipFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Partnership], error) {
	return s.next.FindPartnerships(ctx, f, o)
}

// Participations implements reseau.Store.
func (s *Store) Participations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Participation, error) {
	return s.next.Participations(ctx, f)
}

// Parties implements reseau.Store.
func (s *Store) Parties(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Party, error) {
	return s.next.Parties(ctx, f)
}

// Collaborators implements reseau.Store.
func (s *Store) Collaborators(ctx context.Context, orgKeys []string, f reseau.TieFilter) (map[string][]reseau.CollaborationTie, error) {
	return s.next.Collaborators(ctx, orgKeys, f)
}

// TiedOrganisations implements reseau.Store: keys of organisations, which
// every caller may read.
func (s *Store) TiedOrganisations(ctx context.Context, orgKeys []string, collaborations, partnerships bool) (map[string][]string, error) {
	return s.next.TiedOrganisations(ctx, orgKeys, collaborations, partnerships)
}

// Partners implements reseau.Store.
func (s *Store) Partners(ctx context.Context, orgKeys []string) (map[string][]string, error) {
	return s.next.Partners(ctx, orgKeys)
}

// Search implements reseau.Store. People are left out by the store's scope
// for callers that may not see them; asking for people only is FORBIDDEN
// like any other people read.
func (s *Store) Search(ctx context.Context, text string, types []string, limit int) ([]reseau.SearchHit, error) {
	if len(types) == 1 && types[0] == reseau.TypePerson {
		if err := readPeople(ctx); err != nil {
			return nil, err
		}
	}
	return s.next.Search(ctx, text, types, limit)
}

// Export implements reseau.Store: the visible graph, people left out by the
// store's scope for callers that may not see them.
func (s *Store) Export(ctx context.Context) (*reseau.Dataset, error) { return s.next.Export(ctx) }

// ExportEach implements reseau.Store: Export's graph, in parts.
func (s *Store) ExportEach(ctx context.Context, visit func(*reseau.Dataset) error) error {
	return s.next.ExportEach(ctx, visit)
}

// Version implements reseau.Store.
func (s *Store) Version(ctx context.Context) (uint64, error) { return s.next.Version(ctx) }

// Reads about people: viewer and above.

// PeopleByKeys implements reseau.Store.
func (s *Store) PeopleByKeys(ctx context.Context, keys []string) (map[string]*reseau.Person, error) {
	if err := readPeople(ctx); err != nil {
		return nil, err
	}
	return s.next.PeopleByKeys(ctx, keys)
}

// FindPeople implements reseau.Store.
func (s *Store) FindPeople(ctx context.Context, f reseau.PersonFilter, o reseau.ListOptions) (*reseau.Page[*reseau.Person], error) {
	if err := readPeople(ctx); err != nil {
		return nil, err
	}
	return s.next.FindPeople(ctx, f, o)
}

// Memberships implements reseau.Store.
func (s *Store) Memberships(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Membership, error) {
	if err := readPeople(ctx); err != nil {
		return nil, err
	}
	return s.next.Memberships(ctx, f)
}

// PersonParticipations implements reseau.Store.
func (s *Store) PersonParticipations(ctx context.Context, f reseau.EdgeFilter) ([]reseau.PersonParticipation, error) {
	if err := readPeople(ctx); err != nil {
		return nil, err
	}
	return s.next.PersonParticipations(ctx, f)
}

// Knows implements reseau.Store.
func (s *Store) Knows(ctx context.Context, f reseau.EdgeFilter) ([]reseau.Knows, error) {
	if err := readPeople(ctx); err != nil {
		return nil, err
	}
	return s.next.Knows(ctx, f)
}

// Acquaintances implements reseau.Store.
func (s *Store) Acquaintances(ctx context.Context, personKeys []string) (map[string][]reseau.Acquaintance, error) {
	if err := readPeople(ctx); err != nil {
		return nil, err
	}
	return s.next.Acquaintances(ctx, personKeys)
}

// Audit implements reseau.Store: admins only.
func (s *Store) Audit(ctx context.Context, f reseau.AuditFilter, o reseau.ListOptions) (*reseau.Page[*reseau.AuditEntry], error) {
	if err := need(ctx, reseau.RoleAdmin, "read the audit log"); err != nil {
		return nil, err
	}
	return s.next.Audit(ctx, f, o)
}

// Import implements reseau.Store: coordinators only.
func (s *Store) Import(ctx context.Context, ds *reseau.Dataset) (*reseau.ImportStats, error) {
	if err := need(ctx, reseau.RoleCoordinator, "import"); err != nil {
		return nil, err
	}
	return s.next.Import(ctx, ds)
}

// Domains: coordinators.

// CreateDomain implements reseau.Store.
func (s *Store) CreateDomain(ctx context.Context, d *reseau.Domain) error {
	if err := need(ctx, reseau.RoleCoordinator, "create a domain"); err != nil {
		return err
	}
	return s.next.CreateDomain(ctx, d)
}

// UpdateDomain implements reseau.Store.
func (s *Store) UpdateDomain(ctx context.Context, key string, apply func(*reseau.Domain) error) (*reseau.Domain, error) {
	if err := need(ctx, reseau.RoleCoordinator, "update a domain"); err != nil {
		return nil, err
	}
	return s.next.UpdateDomain(ctx, key, apply)
}

// DeleteDomain implements reseau.Store.
func (s *Store) DeleteDomain(ctx context.Context, key string) error {
	if err := need(ctx, reseau.RoleCoordinator, "delete a domain"); err != nil {
		return err
	}
	return s.next.DeleteDomain(ctx, key)
}

// Organisations: editors update their own; coordinators create and delete.

// CreateOrganisation implements reseau.Store.
func (s *Store) CreateOrganisation(ctx context.Context, o *reseau.Organisation) error {
	if err := need(ctx, reseau.RoleCoordinator, "create an organisation"); err != nil {
		return err
	}
	return s.next.CreateOrganisation(ctx, o)
}

// UpdateOrganisation implements reseau.Store. The decision is on the key,
// from the token alone; nothing a patch changes bears on it, since the
// store refuses a patch that changes the key (EINVALID, reseau.ApplyPatch),
// so apply goes to the store as it is.
func (s *Store) UpdateOrganisation(ctx context.Context, key string, apply func(*reseau.Organisation) error) (*reseau.Organisation, error) {
	if err := s.editOrg(ctx, key, "update organisation "+key); err != nil {
		return nil, err
	}
	return s.next.UpdateOrganisation(ctx, key, apply)
}

// DeleteOrganisation implements reseau.Store.
func (s *Store) DeleteOrganisation(ctx context.Context, key string) error {
	if err := need(ctx, reseau.RoleCoordinator, "delete an organisation"); err != nil {
		return err
	}
	return s.next.DeleteOrganisation(ctx, key)
}

// People: editors create, and update and erase their organisations' people.

// CreatePerson implements reseau.Store. Only callers who see every person
// choose a key: for anyone else a chosen key that is taken would answer
// CONFLICT for a person they cannot see, so the key is refused whatever it
// is, and the store assigns one. An editor's memberships must be at its
// organisations, and a PRIVATE person it creates needs one, or nobody but
// coordinators would see them again.
func (s *Store) CreatePerson(ctx context.Context, p *reseau.Person, memberships ...reseau.Membership) error {
	if err := need(ctx, reseau.RoleEditor, "create a person"); err != nil {
		return err
	}
	if !coordinates(ctx) {
		if p.Key != "" {
			return reseau.FieldErrorf("key", "only coordinators choose a person's key: leave it out and the server gives one")
		}
		for _, m := range memberships {
			if !ownsOrg(ctx, m.OrganisationKey) {
				return forbidden("add a membership to organisation " + m.OrganisationKey)
			}
		}
		if p.Visibility != reseau.VisibilityNetwork && len(memberships) == 0 {
			return reseau.FieldErrorf("organisation", "a PRIVATE person needs one of your organisations, or only coordinators could see them")
		}
	}
	return s.next.CreatePerson(ctx, p, memberships...)
}

// UpdatePerson implements reseau.Store. A person the caller cannot see is
// NOT_FOUND, as if absent, whatever the caller's role. The person's
// memberships are read first, in the transaction of the write; the store
// then gets an apply that judges the patched person on them without reading
// anything: an editor may not make PRIVATE a person who works nowhere, who
// only coordinators would see again (as CreatePerson refuses to create one).
func (s *Store) UpdatePerson(ctx context.Context, key string, apply func(*reseau.Person) error) (*reseau.Person, error) {
	const what = "update this person"
	if err := readPeople(ctx); err != nil {
		return nil, err
	}
	return decided(ctx, s, func(ctx context.Context) (*reseau.Person, error) {
		if err := s.visiblePerson(ctx, key); err != nil {
			return nil, err
		}
		if err := need(ctx, reseau.RoleEditor, what); err != nil {
			return nil, err
		}
		if coordinates(ctx) {
			return s.next.UpdatePerson(ctx, key, apply)
		}
		orgs, err := s.personOrgs(ctx, key)
		if err != nil {
			return nil, err
		}
		if !keeps(ctx, orgs) {
			return nil, forbidden(what)
		}
		return s.next.UpdatePerson(ctx, key, func(p *reseau.Person) error {
			if err := apply(p); err != nil {
				return err
			}
			if len(orgs) == 0 && p.Visibility != reseau.VisibilityNetwork {
				return reseau.FieldErrorf("visibility", "this person works at no organisation: PRIVATE would hide them from everyone but coordinators; add them to one of your organisations first")
			}
			return nil
		})
	})
}

// DeletePerson implements reseau.Store.
func (s *Store) DeletePerson(ctx context.Context, key string) error {
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.editPerson(ctx, key, "erase this person"); err != nil {
			return err
		}
		return s.next.DeletePerson(ctx, key)
	})
}

// Collaborations: editors create, and write those their organisations take
// part in.

// CreateCollaboration implements reseau.Store.
func (s *Store) CreateCollaboration(ctx context.Context, c *reseau.Collaboration) error {
	if err := need(ctx, reseau.RoleEditor, "create a collaboration"); err != nil {
		return err
	}
	return s.next.CreateCollaboration(ctx, c)
}

// UpdateCollaboration implements reseau.Store. The participants are read
// first, in the transaction of the write; a patch cannot change them (they
// are relationships of other nodes) nor the key (the store refuses that), so
// apply goes to the store as it is.
func (s *Store) UpdateCollaboration(ctx context.Context, key string, apply func(*reseau.Collaboration) error) (*reseau.Collaboration, error) {
	return decided(ctx, s, func(ctx context.Context) (*reseau.Collaboration, error) {
		if err := s.editCollaboration(ctx, key, "update collaboration "+key); err != nil {
			return nil, err
		}
		return s.next.UpdateCollaboration(ctx, key, apply)
	})
}

// DeleteCollaboration implements reseau.Store.
func (s *Store) DeleteCollaboration(ctx context.Context, key string) error {
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.editCollaboration(ctx, key, "delete collaboration "+key); err != nil {
			return err
		}
		return s.next.DeleteCollaboration(ctx, key)
	})
}

// Partnerships: coordinators.

// CreatePartnership implements reseau.Store.
func (s *Store) CreatePartnership(ctx context.Context, p *reseau.Partnership) error {
	if err := need(ctx, reseau.RoleCoordinator, "create a partnership"); err != nil {
		return err
	}
	return s.next.CreatePartnership(ctx, p)
}

// UpdatePartnership implements reseau.Store.
func (s *Store) UpdatePartnership(ctx context.Context, key string, apply func(*reseau.Partnership) error) (*reseau.Partnership, error) {
	if err := need(ctx, reseau.RoleCoordinator, "update a partnership"); err != nil {
		return nil, err
	}
	return s.next.UpdatePartnership(ctx, key, apply)
}

// DeletePartnership implements reseau.Store.
func (s *Store) DeletePartnership(ctx context.Context, key string) error {
	if err := need(ctx, reseau.RoleCoordinator, "delete a partnership"); err != nil {
		return err
	}
	return s.next.DeletePartnership(ctx, key)
}

// Relationships.

// PutMembership implements reseau.Store: an editor attaches people to its
// organisations, but only people that are its own or nobody's yet, so it
// cannot take over another organisation's staff by hiring them on paper.
func (s *Store) PutMembership(ctx context.Context, m reseau.Membership) error {
	what := "add a membership to organisation " + m.OrganisationKey
	if err := s.editOrg(ctx, m.OrganisationKey, what); err != nil {
		return err
	}
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.editPerson(ctx, m.PersonKey, what); err != nil {
			return err
		}
		return s.next.PutMembership(ctx, m)
	})
}

// DeleteMembership implements reseau.Store.
func (s *Store) DeleteMembership(ctx context.Context, personKey, orgKey string) error {
	what := "remove a membership of organisation " + orgKey
	if err := s.editOrg(ctx, orgKey, what); err != nil {
		return err
	}
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.seesPerson(ctx, personKey); err != nil {
			return err
		}
		return s.next.DeleteMembership(ctx, personKey, orgKey)
	})
}

// PutParticipation implements reseau.Store.
func (s *Store) PutParticipation(ctx context.Context, p reseau.Participation) error {
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.editCollaboration(ctx, p.CollaborationKey, "change the participants of collaboration "+p.CollaborationKey); err != nil {
			return err
		}
		return s.next.PutParticipation(ctx, p)
	})
}

// DeleteParticipation implements reseau.Store.
func (s *Store) DeleteParticipation(ctx context.Context, collabKey, orgKey string) error {
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.editCollaboration(ctx, collabKey, "change the participants of collaboration "+collabKey); err != nil {
			return err
		}
		return s.next.DeleteParticipation(ctx, collabKey, orgKey)
	})
}

// PutPersonParticipation implements reseau.Store.
func (s *Store) PutPersonParticipation(ctx context.Context, p reseau.PersonParticipation) error {
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.editCollaboration(ctx, p.CollaborationKey, "change the people of collaboration "+p.CollaborationKey); err != nil {
			return err
		}
		if err := s.seesPerson(ctx, p.PersonKey); err != nil {
			return err
		}
		return s.next.PutPersonParticipation(ctx, p)
	})
}

// DeletePersonParticipation implements reseau.Store.
func (s *Store) DeletePersonParticipation(ctx context.Context, collabKey, personKey string) error {
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.editCollaboration(ctx, collabKey, "change the people of collaboration "+collabKey); err != nil {
			return err
		}
		if err := s.seesPerson(ctx, personKey); err != nil {
			return err
		}
		return s.next.DeletePersonParticipation(ctx, collabKey, personKey)
	})
}

// PutParty implements reseau.Store: partnerships are coordinators' business.
func (s *Store) PutParty(ctx context.Context, p reseau.Party) error {
	if err := need(ctx, reseau.RoleCoordinator, "change the parties of a partnership"); err != nil {
		return err
	}
	return s.next.PutParty(ctx, p)
}

// DeleteParty implements reseau.Store.
func (s *Store) DeleteParty(ctx context.Context, partnershipKey, orgKey string) error {
	if err := need(ctx, reseau.RoleCoordinator, "change the parties of a partnership"); err != nil {
		return err
	}
	return s.next.DeleteParty(ctx, partnershipKey, orgKey)
}

// PutKnows implements reseau.Store: an editor declares acquaintances of its
// people, with anyone it can see.
func (s *Store) PutKnows(ctx context.Context, k reseau.Knows) error {
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.editKnows(ctx, k.PersonKey, k.OtherKey); err != nil {
			return err
		}
		return s.next.PutKnows(ctx, k)
	})
}

// DeleteKnows implements reseau.Store.
func (s *Store) DeleteKnows(ctx context.Context, personKey, otherKey string) error {
	return s.checked(ctx, func(ctx context.Context) error {
		if err := s.editKnows(ctx, personKey, otherKey); err != nil {
			return err
		}
		return s.next.DeleteKnows(ctx, personKey, otherKey)
	})
}

func (s *Store) editKnows(ctx context.Context, a, b string) error {
	const what = "change who this person knows"
	if err := need(ctx, reseau.RoleEditor, what); err != nil || coordinates(ctx) {
		return err
	}
	for _, k := range []string{a, b} {
		if err := s.visiblePerson(ctx, k); err != nil {
			return err
		}
	}
	for _, k := range []string{a, b} {
		orgs, err := s.personOrgs(ctx, k)
		if err != nil || keeps(ctx, orgs) {
			return err
		}
	}
	return forbidden(what)
}

// Atomic implements reseau.Store: anyone may group calls into one
// transaction, and each call inside is checked as it would be alone.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.next.Atomic(ctx, fn)
}

// Close implements reseau.Store.
func (s *Store) Close() error { return s.next.Close() }
