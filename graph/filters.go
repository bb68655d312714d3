package graph

import (
	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// GraphQL list arguments become store filters and page options here.

func organisationQuery(f *model.OrganisationFilter, o *model.OrganisationOrder, first *int, after *string) (reseau.OrganisationFilter, pageArgs, error) {
	var by string
	var desc bool
	if o != nil {
		by, desc = orderField(string(o.Field)), o.Direction == model.OrderDirectionDesc
	}
	p, err := listOptions(first, after, by, desc)
	if err != nil || f == nil {
		return reseau.OrganisationFilter{}, p, err
	}
	return reseau.OrganisationFilter{
		Keys: f.Keys, Sectors: f.Sectors, Domains: f.Domains,
		Commune: str(f.Commune), Text: str(f.Text), Parents: f.Parents,
	}, p, nil
}

func personQuery(f *model.PersonFilter, o *model.PersonOrder, first *int, after *string) (reseau.PersonFilter, pageArgs, error) {
	var by string
	var desc bool
	if o != nil {
		by, desc = orderField(string(o.Field)), o.Direction == model.OrderDirectionDesc
	}
	p, err := listOptions(first, after, by, desc)
	if err != nil || f == nil {
		return reseau.PersonFilter{}, p, err
	}
	return reseau.PersonFilter{Keys: f.Keys, Organisations: f.Organisations, Text: str(f.Text)}, p, nil
}

func collaborationQuery(f *model.CollaborationFilter, o *model.CollaborationOrder, first *int, after *string) (reseau.CollaborationFilter, pageArgs, error) {
	var by string
	var desc bool
	if o != nil {
		by, desc = orderField(string(o.Field)), o.Direction == model.OrderDirectionDesc
	}
	p, err := listOptions(first, after, by, desc)
	if err != nil || f == nil {
		return reseau.CollaborationFilter{}, p, err
	}
	return reseau.CollaborationFilter{
		Keys: f.Keys, Kinds: f.Kinds, Statuses: f.Statuses, Domains: f.Domains, Text: str(f.Text),
		From: str(f.From), To: str(f.To), Parents: f.Parents, Organisations: f.Organisations, Locations: f.Locations,
	}, p, nil
}

func partnershipQuery(f *model.PartnershipFilter, o *model.PartnershipOrder, first *int, after *string) (reseau.PartnershipFilter, pageArgs, error) {
	var by string
	var desc bool
	if o != nil {
		by, desc = orderField(string(o.Field)), o.Direction == model.OrderDirectionDesc
	}
	p, err := listOptions(first, after, by, desc)
	if err != nil || f == nil {
		return reseau.PartnershipFilter{}, p, err
	}
	return reseau.PartnershipFilter{
		Keys: f.Keys, Kinds: f.Kinds, Text: str(f.Text), From: str(f.From), To: str(f.To), Organisations: f.Organisations,
	}, p, nil
}

// firstN keeps the first n items of a resolver's answer.
func firstN[T any](n int) func([]T, error) ([]T, error) {
	return func(xs []T, err error) ([]T, error) {
		if err != nil {
			return nil, err
		}
		return xs[:min(n, len(xs))], nil
	}
}
