package analytics

import (
	"context"

	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Kinds of data-quality issues, as the GraphQL enum DataQualityKind names
// them.
const (
	// QualityUnderlisted: a collaboration whose reported participant count
	// exceeds the organisations listed as taking part.
	QualityUnderlisted = "UNDERLISTED_COLLABORATION"
	// QualitySingleParty: a partnership with one party, or none.
	QualitySingleParty = "SINGLE_PARTY_PARTNERSHIP"
	// QualityUndated: a collaboration without start or end date; it falls
	// out of every timeline and every dated filter.
	QualityUndated = "UNDATED_COLLABORATION"
	// QualityNoDomain: an organisation active in no domain.
	QualityNoDomain = "ORGANISATION_WITHOUT_DOMAIN"
	// QualityNoTie: an organisation tied to no other one, by collaboration
	// or partnership.
	QualityNoTie = "ORGANISATION_WITHOUT_TIE"
	// QualityNoMembership: a person who works at no organisation.
	QualityNoMembership = "PERSON_WITHOUT_MEMBERSHIP"
	// QualityDuplicate: a node that is probably the same as another one
	// (QualityReport.Duplicates has the pairs).
	QualityDuplicate = "POSSIBLE_DUPLICATE"
	// QualityPostponed: a collaboration postponed or cancelled, to hold
	// again or close.
	QualityPostponed = "POSTPONED_OR_CANCELLED"
)

// QualityKinds lists every kind in the order of the report.
var QualityKinds = []string{QualityUnderlisted, QualitySingleParty, QualityUndated, QualityNoDomain,
	QualityNoTie, QualityNoMembership, QualityDuplicate, QualityPostponed}

// QualityIssue is one kind of issue with the records concerned, in key
// order (duplicates: surest pair first).
type QualityIssue struct {
	Kind    string
	Records []Ref
}

// Ref names a node: its reseau.Type* name and its key.
type Ref struct{ Type, Key string }

// QualityReport is what a coordinator should fix: one issue per kind, in
// QualityKinds order (with no keys when there is nothing to fix), and the
// probable duplicate pairs, surest first.
type QualityReport struct {
	Issues     []QualityIssue
	Duplicates []Duplicate
}

// stoppedStatuses are the collaboration statuses of events that did not
// take place as planned.
var stoppedStatuses = map[string]bool{"postponed": true, "cancelled": true, "canceled": true,
	"reporte": true, "annule": true, "uitgesteld": true, "geannuleerd": true}

// DataQuality returns the report of the index's dataset, computed once.
func (x *Index) DataQuality(ctx context.Context) (*QualityReport, error) {
	return x.quality.Get(ctx, func(ctx context.Context) (*QualityReport, error) {
		ds := x.ds
		issue := map[string]*QualityIssue{}
		r := &QualityReport{}
		for _, k := range QualityKinds {
			r.Issues = append(r.Issues, QualityIssue{Kind: k})
		}
		for i := range r.Issues {
			issue[r.Issues[i].Kind] = &r.Issues[i]
		}
		add := func(kind, typ, key string) {
			q := issue[kind]
			q.Records = append(q.Records, Ref{typ, key})
		}

		for _, k := range x.listing.underlisted {
			add(QualityUnderlisted, reseau.TypeCollaboration, k)
		}
		for _, k := range x.listing.singleParty {
			add(QualitySingleParty, reseau.TypePartnership, k)
		}
		for _, c := range ds.Collaborations {
			if c.StartDate == "" && c.EndDate == "" {
				add(QualityUndated, reseau.TypeCollaboration, c.Key)
			}
		}
		g := x.graph(TiesAll)
		for _, o := range ds.Organisations {
			if len(o.Domains) == 0 {
				add(QualityNoDomain, reseau.TypeOrganisation, o.Key)
			}
		}
		for i := range ds.Organisations {
			if g.degree(int32(i)) == 0 {
				add(QualityNoTie, reseau.TypeOrganisation, ds.Organisations[i].Key)
			}
		}
		for i, p := range ds.People {
			if len(x.perOrg.row(int32(i))) == 0 {
				add(QualityNoMembership, reseau.TypePerson, p.Key)
			}
		}
		dups, err := x.duplicates(ctx)
		if err != nil {
			return nil, err
		}
		r.Duplicates = dups
		seen := map[string]bool{}
		for _, d := range dups {
			for _, k := range []string{d.A, d.B} {
				if !seen[d.Type+"/"+k] {
					seen[d.Type+"/"+k] = true
					add(QualityDuplicate, d.Type, k)
				}
			}
		}
		for _, c := range ds.Collaborations {
			if stoppedStatuses[reseau.Fold(c.Status)] {
				add(QualityPostponed, reseau.TypeCollaboration, c.Key)
			}
		}
		return r, nil
	})
}

// DataQuality: see Index.DataQuality. Coordinators only (authz.Coordinate).
func (e *Engine) DataQuality(ctx context.Context) (*QualityReport, error) {
	if err := authz.Coordinate(ctx, "see the data-quality report"); err != nil {
		return nil, err
	}
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.DataQuality(ctx)
}

// PossibleDuplicates: see Index.PossibleDuplicates. Coordinators only
// (authz.Coordinate).
func (e *Engine) PossibleDuplicates(ctx context.Context, first int) ([]Duplicate, error) {
	if err := authz.Coordinate(ctx, "see possible duplicates"); err != nil {
		return nil, err
	}
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.PossibleDuplicates(ctx, first)
}

// listingFacts are the collaborations whose reported participant count
// exceeds the organisations listed, and the partnerships with fewer than two
// parties: read from the rows while the index is built, since it does not
// keep them.
type listingFacts struct {
	underlisted, singleParty []string
}
