package loaders

import (
	"cmp"
	"context"
	"slices"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Children returns the services of organisation k.
func (l *Loaders) Children(ctx context.Context, k string) ([]*reseau.Organisation, error) {
	return l.cur.Load().orgChildren.Load(ctx, k)
}

// SubCollaborations returns the sub-events of collaboration k.
func (l *Loaders) SubCollaborations(ctx context.Context, k string) ([]*reseau.Collaboration, error) {
	return l.cur.Load().collabChildren.Load(ctx, k)
}

// MembershipsOfPerson returns where person k works.
func (l *Loaders) MembershipsOfPerson(ctx context.Context, k string) ([]reseau.Membership, error) {
	return l.cur.Load().membershipsByPerson.Load(ctx, k)
}

// MembershipsOfOrganisation returns the memberships of the visible people of organisation k.
func (l *Loaders) MembershipsOfOrganisation(ctx context.Context, k string) ([]reseau.Membership, error) {
	return l.cur.Load().membershipsByOrg.Load(ctx, k)
}

// PeopleOfOrganisation returns the visible people working at organisation k, by name.
func (l *Loaders) PeopleOfOrganisation(ctx context.Context, k string) ([]*reseau.Person, error) {
	ms, err := l.cur.Load().membershipsByOrg.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	ps, err := l.People(ctx, keysOf(ms, func(m reseau.Membership) string { return m.PersonKey }))
	slices.SortFunc(ps, func(a, b *reseau.Person) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Key, b.Key)) })
	return ps, err
}

// ParticipationsOfOrganisation returns organisation k's participations.
func (l *Loaders) ParticipationsOfOrganisation(ctx context.Context, k string) ([]reseau.Participation, error) {
	return l.cur.Load().participationsByOrg.Load(ctx, k)
}

// ParticipationsOfCollaboration returns the organisations' participations in collaboration k.
func (l *Loaders) ParticipationsOfCollaboration(ctx context.Context, k string) ([]reseau.Participation, error) {
	return l.cur.Load().participationsByCollab.Load(ctx, k)
}

// PersonParticipationsOfPerson returns person k's participations.
func (l *Loaders) PersonParticipationsOfPerson(ctx context.Context, k string) ([]reseau.PersonParticipation, error) {
	return l.cur.Load().personPartsByPerson.Load(ctx, k)
}

// PersonParticipationsOfCollaboration returns the visible people's participations in collaboration k.
func (l *Loaders) PersonParticipationsOfCollaboration(ctx context.Context, k string) ([]reseau.PersonParticipation, error) {
	return l.cur.Load().personPartsByCollab.Load(ctx, k)
}

// CollaborationsOfOrganisation returns the collaborations organisation k took part in, most recent first.
func (l *Loaders) CollaborationsOfOrganisation(ctx context.Context, k string) ([]*reseau.Collaboration, error) {
	ps, err := l.cur.Load().participationsByOrg.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	return l.recent(ctx, keysOf(ps, func(p reseau.Participation) string { return p.CollaborationKey }))
}

// CollaborationsOfPerson returns the collaborations person k took part in, most recent first.
func (l *Loaders) CollaborationsOfPerson(ctx context.Context, k string) ([]*reseau.Collaboration, error) {
	ps, err := l.cur.Load().personPartsByPerson.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	return l.recent(ctx, keysOf(ps, func(p reseau.PersonParticipation) string { return p.CollaborationKey }))
}

func (l *Loaders) recent(ctx context.Context, keys []string) ([]*reseau.Collaboration, error) {
	cs, err := l.Collaborations(ctx, keys)
	slices.SortFunc(cs, func(a, b *reseau.Collaboration) int {
		return cmp.Or(cmp.Compare(b.StartDate, a.StartDate), cmp.Compare(a.Key, b.Key))
	})
	return cs, err
}

// PartiesOfOrganisation returns the partnerships organisation k is a party to, with its role.
func (l *Loaders) PartiesOfOrganisation(ctx context.Context, k string) ([]reseau.Party, error) {
	return l.cur.Load().partiesByOrg.Load(ctx, k)
}

// PartiesOfPartnership returns the parties of partnership k.
func (l *Loaders) PartiesOfPartnership(ctx context.Context, k string) ([]reseau.Party, error) {
	return l.cur.Load().partiesByPartnership.Load(ctx, k)
}

// PartnershipsOfOrganisation returns the partnerships organisation k is a party to.
func (l *Loaders) PartnershipsOfOrganisation(ctx context.Context, k string) ([]*reseau.Partnership, error) {
	ps, err := l.cur.Load().partiesByOrg.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	return l.Partnerships(ctx, keysOf(ps, func(p reseau.Party) string { return p.PartnershipKey }))
}

// KnowsOfPerson returns the KNOWS rows with person k at either end.
func (l *Loaders) KnowsOfPerson(ctx context.Context, k string) ([]reseau.Knows, error) {
	return l.cur.Load().knowsByPerson.Load(ctx, k)
}

// Partners returns the organisations tied to organisation k by a
// partnership, at scope s (reseau.ScopeInstitution: reseau.InstitutionPartners).
func (l *Loaders) Partners(ctx context.Context, k string, s reseau.Scope) ([]*reseau.Organisation, error) {
	r := l.cur.Load().partners
	if s == reseau.ScopeInstitution {
		r = l.cur.Load().instPartners
	}
	keys, err := r.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	return l.Organisations(ctx, keys)
}

// Acquaintances returns the visible people acquainted with person k.
func (l *Loaders) Acquaintances(ctx context.Context, k string) ([]reseau.Acquaintance, error) {
	return l.cur.Load().acquaintances.Load(ctx, k)
}

// RoleOfPerson returns the role of person k's first membership, "" if none.
func (l *Loaders) RoleOfPerson(ctx context.Context, k string) (string, error) {
	ms, err := l.cur.Load().membershipsByPerson.Load(ctx, k)
	if err != nil || len(ms) == 0 {
		return "", err
	}
	return ms[0].Role, nil
}
