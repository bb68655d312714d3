package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Inputs become domain structs here; update inputs are merged field by field
// into the stored node, so that only the fields given change (null clears).

// str is an optional string argument or input field: "" when absent or null.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// merge sets *dst from an omittable input field: absent keeps *dst, null
// clears it, a value replaces it.
func merge[T any](o graphql.Omittable[*T], dst *T) {
	if v, ok := o.ValueOK(); ok {
		var zero T
		if v != nil {
			zero = *v
		}
		*dst = zero
	}
}

// mergeList is merge for list fields, where null and [] both clear.
func mergeList(o graphql.Omittable[[]string], dst *[]string) {
	if v, ok := o.ValueOK(); ok {
		*dst = v
	}
}

func newDomain(in model.CreateDomainInput) *reseau.Domain {
	return &reseau.Domain{Key: in.Key, LabelFR: in.LabelFr, LabelNL: str(in.LabelNl), LabelEN: str(in.LabelEn)}
}

func mergeDomain(d *reseau.Domain, in model.UpdateDomainInput) {
	merge(in.LabelFr, &d.LabelFR)
	merge(in.LabelNl, &d.LabelNL)
	merge(in.LabelEn, &d.LabelEN)
}

func newOrganisation(in model.CreateOrganisationInput) *reseau.Organisation {
	o := &reseau.Organisation{
		Key: in.Key, Name: in.Name, ShortName: str(in.ShortName), ParentKey: str(in.Parent),
		Domains: in.Domains, Commune: str(in.Commune), Languages: in.Languages, Aliases: in.Aliases,
		Directory: newDirectory(in),
	}
	if in.Sector != nil {
		o.Sector = *in.Sector
	}
	return o
}

func mergeOrganisation(o *reseau.Organisation, in model.UpdateOrganisationInput) {
	merge(in.Name, &o.Name)
	merge(in.ShortName, &o.ShortName)
	merge(in.Sector, &o.Sector)
	merge(in.Parent, &o.ParentKey)
	mergeList(in.Domains, &o.Domains)
	merge(in.Commune, &o.Commune)
	mergeList(in.Languages, &o.Languages)
	mergeList(in.Aliases, &o.Aliases)
	mergeDirectory(&o.Directory, in)
}

// newPerson returns the person of a createPerson and the membership it
// asks for, if any. An empty key is left for the store to assign.
func newPerson(in model.CreatePersonInput) (*reseau.Person, []reseau.Membership, error) {
	p := &reseau.Person{Key: str(in.Key), Name: in.Name, Email: str(in.Email), Phone: str(in.Phone), Visibility: reseau.VisibilityNetwork}
	if in.Visibility != nil {
		p.Visibility = *in.Visibility
	}
	if in.Key != nil && *in.Key == "" {
		return nil, nil, reseau.FieldErrorf("key", "the key is empty: leave it out and the server gives one")
	}
	if in.Organisation == nil {
		if in.Role != nil {
			return nil, nil, reseau.FieldErrorf("role", "a role needs the organisation it is held at")
		}
		return p, nil, nil
	}
	o, err := refKey("organisation", reseau.TypeOrganisation, *in.Organisation)
	if err != nil {
		return nil, nil, err
	}
	return p, []reseau.Membership{{OrganisationKey: o, Role: str(in.Role)}}, nil
}

func mergePerson(p *reseau.Person, in model.UpdatePersonInput) {
	merge(in.Name, &p.Name)
	merge(in.Email, &p.Email)
	merge(in.Phone, &p.Phone)
	merge(in.Visibility, &p.Visibility)
	if p.Visibility == "" {
		p.Visibility = reseau.VisibilityNetwork // null resets to the default
	}
}

func newCollaboration(in model.CreateCollaborationInput) *reseau.Collaboration {
	return &reseau.Collaboration{
		Key: in.Key, Kind: in.Kind, Title: in.Title, Domains: in.Domains,
		StartDate: str(in.StartDate), EndDate: str(in.EndDate), Status: str(in.Status),
		ParentKey: str(in.Parent), LocationKey: str(in.Location),
		ParticipantsCount: in.ParticipantsCount, Description: str(in.Description),
	}
}

func mergeCollaboration(c *reseau.Collaboration, in model.UpdateCollaborationInput) {
	merge(in.Kind, &c.Kind)
	merge(in.Title, &c.Title)
	mergeList(in.Domains, &c.Domains)
	merge(in.StartDate, &c.StartDate)
	merge(in.EndDate, &c.EndDate)
	merge(in.Status, &c.Status)
	merge(in.Parent, &c.ParentKey)
	merge(in.Location, &c.LocationKey)
	if v, ok := in.ParticipantsCount.ValueOK(); ok {
		c.ParticipantsCount = v
	}
	merge(in.Description, &c.Description)
}

func newPartnership(in model.CreatePartnershipInput) *reseau.Partnership {
	return &reseau.Partnership{
		Key: in.Key, Kind: in.Kind, Title: in.Title,
		StartDate: str(in.StartDate), EndDate: str(in.EndDate), Description: str(in.Description),
	}
}

func mergePartnership(p *reseau.Partnership, in model.UpdatePartnershipInput) {
	merge(in.Kind, &p.Kind)
	merge(in.Title, &p.Title)
	merge(in.StartDate, &p.StartDate)
	merge(in.EndDate, &p.EndDate)
	merge(in.Description, &p.Description)
}

// withDomain returns keys with k added (add) or removed (!add), unchanged
// order otherwise; the caller stores the result.
func withDomain(keys []string, k string, add bool) []string {
	out := make([]string, 0, len(keys)+1)
	for _, have := range keys {
		if have != k {
			out = append(out, have)
		}
	}
	if add {
		out = append(out, k)
	}
	return out
}

// deleted is the answer of a delete mutation.
func deleted(typ, key string) *model.DeletePayload {
	return &model.DeletePayload{ID: reseau.NodeID(typ, key), Key: key}
}

// ptrs adapts a loader's rows to the pointer slices gqlgen resolvers return.
func ptrs[T any](xs []T, err error) ([]*T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]*T, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out, nil
}
