package graph

import (
	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// GraphQL list arguments become store filters and page options here. The
// page options are read with the filter: cursors are bound to both.

// order reads a GraphQL orderBy into the store's field and direction.
func order(field string, dir model.OrderDirection) (string, bool) {
	return orderField(field), dir == model.OrderDirectionDesc
}

func organisationQuery(f *model.OrganisationFilter, o *model.OrganisationOrder, first *int, after *string) (reseau.OrganisationFilter, pageArgs, error) {
	var by string
	var desc bool
	if o != nil {
		by, desc = order(string(o.Field), o.Direction)
	}
	var filter reseau.OrganisationFilter
	if f != nil {
		filter = reseau.OrganisationFilter{
			Keys: f.Keys, Sectors: f.Sectors, Domains: f.Domains,
			Commune: str(f.Commune), Text: str(f.Text), Parents: f.Parents,
			Postcode: str(f.Postcode), Language: str(f.LanguageSpoken), OpenAt: str(f.OpenAt),
			TiedTo: tieCondition(f.TiedTo), NotTiedTo: tieCondition(f.NotTiedTo),
		}
		if f.OpenOn != nil {
			filter.OpenOn = string(*f.OpenOn)
		}
	}
	p, err := listOptions("organisations", filter, first, after, by, desc)
	return filter, p, err
}

func personQuery(f *model.PersonFilter, o *model.PersonOrder, first *int, after *string) (reseau.PersonFilter, pageArgs, error) {
	var by string
	var desc bool
	if o != nil {
		by, desc = order(string(o.Field), o.Direction)
	}
	var filter reseau.PersonFilter
	if f != nil {
		filter = reseau.PersonFilter{Keys: f.Keys, Organisations: f.Organisations, Text: str(f.Text)}
	}
	p, err := listOptions("people", filter, first, after, by, desc)
	return filter, p, err
}

func collaborationQuery(f *model.CollaborationFilter, o *model.CollaborationOrder, first *int, after *string) (reseau.CollaborationFilter, pageArgs, error) {
	var by string
	var desc bool
	if o != nil {
		by, desc = order(string(o.Field), o.Direction)
	}
	var filter reseau.CollaborationFilter
	if f != nil {
		filter = reseau.CollaborationFilter{
			Keys: f.Keys, Kinds: f.Kinds, Statuses: f.Statuses, Domains: f.Domains, Text: str(f.Text),
			From: str(f.From), To: str(f.To), Parents: f.Parents, Organisations: f.Organisations, Locations: f.Locations,
		}
	}
	p, err := listOptions("collaborations", filter, first, after, by, desc)
	return filter, p, err
}

func partnershipQuery(f *model.PartnershipFilter, o *model.PartnershipOrder, first *int, after *string) (reseau.PartnershipFilter, pageArgs, error) {
	var by string
	var desc bool
	if o != nil {
		by, desc = order(string(o.Field), o.Direction)
	}
	var filter reseau.PartnershipFilter
	if f != nil {
		filter = reseau.PartnershipFilter{
			Keys: f.Keys, Kinds: f.Kinds, Text: str(f.Text), From: str(f.From), To: str(f.To), Organisations: f.Organisations,
		}
	}
	p, err := listOptions("partnerships", filter, first, after, by, desc)
	return filter, p, err
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

// tieCondition reads a GraphQL TieCondition; reseau.Checked judges it.
func tieCondition(c *model.TieCondition) reseau.TieCondition {
	if c == nil {
		return reseau.TieCondition{}
	}
	tc := reseau.TieCondition{Sectors: c.Sectors, Organisations: c.Organisations}
	for _, k := range c.Ties {
		tc.Kinds = append(tc.Kinds, reseau.TieKind(k))
	}
	return tc
}
