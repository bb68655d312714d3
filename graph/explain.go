package graph

import (
	"cmp"
	"context"
	"strconv"

	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/loaders"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// langOf is the language of a field: its `lang` argument, else the request's.
func langOf(ctx context.Context, lang *i18n.Lang) i18n.Lang {
	if lang != nil {
		return *lang
	}
	return i18n.FromContext(ctx)
}

// acquaintanceExplanation words one ground of an acquaintance, with the
// title or name of what the two people share.
func acquaintanceExplanation(ctx context.Context, r *reseau.Reason) (*i18n.Explanation, error) {
	switch r.Kind {
	case reseau.ReasonCollaboration:
		c, err := loaders.For(ctx).Collaboration(ctx, r.Key)
		if err != nil {
			return nil, err
		}
		return &i18n.Explanation{Code: i18n.AcquaintanceCollaboration, Params: []i18n.Param{collaborationParam("collaboration", r.Key, c)}}, nil
	case reseau.ReasonOrganisation:
		o, err := loaders.For(ctx).Organisation(ctx, r.Key)
		if err != nil {
			return nil, err
		}
		p := i18n.Param{Name: "organisation", Kind: i18n.ParamOrganisation, Value: r.Key}
		if o != nil {
			p.FR = o.Name
		}
		return &i18n.Explanation{Code: i18n.AcquaintanceOrganisation, Params: []i18n.Param{p}}, nil
	default:
		return &i18n.Explanation{Code: i18n.AcquaintanceKnows, Params: []i18n.Param{}}, nil
	}
}

// linkExplanation words why two organisations of a path are tied: the
// first of linkExplanations.
func linkExplanation(ctx context.Context, l *analytics.OrganisationLink) (*i18n.Explanation, error) {
	if len(l.Grounds) == 0 {
		return groundExplanation(ctx, "", "", l.Collaboration, len(l.Collaborations), l.Partnership, len(l.Partnerships))
	}
	g := l.Grounds[0]
	return groundExplanation(ctx, serviceOf(g.From, l.From), serviceOf(g.To, l.To), g.Collaboration, len(g.Collaborations), g.Partnership, len(g.Partnerships))
}

// linkExplanations words each ground of a path's link: who took part on
// each side (the organisations, or at the institution scope their
// services) and their most recent shared collaboration, else partnership.
func linkExplanations(ctx context.Context, l *analytics.OrganisationLink) ([]*i18n.Explanation, error) {
	out := make([]*i18n.Explanation, 0, len(l.Grounds))
	for _, g := range l.Grounds {
		e, err := groundExplanation(ctx, serviceOf(g.From, l.From), serviceOf(g.To, l.To), g.Collaboration, len(g.Collaborations), g.Partnership, len(g.Partnerships))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// tieExplanations words a collaborator tie: its most recent collaboration
// and their number; at the institution scope, one per ground, naming the
// services. A ground's From is the asked institution or one of its
// services: a service is an organisation with a parent.
func tieExplanations(ctx context.Context, t *reseau.CollaborationTie) ([]*i18n.Explanation, error) {
	l := loaders.For(ctx)
	if len(t.Grounds) == 0 {
		c, err := latestCollaboration(ctx, t.CollaborationKeys)
		if err != nil {
			return nil, err
		}
		e, err := groundExplanation(ctx, "", "", c, len(t.CollaborationKeys), "", 0)
		if err != nil {
			return nil, err
		}
		return []*i18n.Explanation{e}, nil
	}
	out := make([]*i18n.Explanation, 0, len(t.Grounds))
	for _, g := range t.Grounds {
		from, err := l.Organisation(ctx, g.From)
		if err != nil {
			return nil, err
		}
		fromService := ""
		if from != nil && from.ParentKey != "" {
			fromService = g.From
		}
		c, err := latestCollaboration(ctx, g.CollaborationKeys)
		if err != nil {
			return nil, err
		}
		e, err := groundExplanation(ctx, fromService, serviceOf(g.To, t.OrganisationKey), c, len(g.CollaborationKeys), "", 0)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// serviceOf is who took part for an end of a tie when it is not the end
// itself: one of its services ("" when the end took part itself).
func serviceOf(took, end string) string {
	if took == end {
		return ""
	}
	return took
}

// latestCollaboration returns the key of the collaboration that ends last
// (then starts last; undated ones last in preference, then the smallest
// key), as the analytics name a link's most recent collaboration.
func latestCollaboration(ctx context.Context, keys []string) (string, error) {
	cs, err := loaders.For(ctx).Collaborations(ctx, keys)
	if err != nil || len(cs) == 0 {
		return "", err
	}
	var best *reseau.Collaboration
	for _, c := range cs {
		if c == nil {
			continue
		}
		if best == nil {
			best = c
			continue
		}
		ch, bh := reseau.DateHigh(cmp.Or(c.EndDate, c.StartDate)), reseau.DateHigh(cmp.Or(best.EndDate, best.StartDate))
		cl, bl := reseau.DateLow(c.StartDate), reseau.DateLow(best.StartDate)
		if ch > bh || ch == bh && (cl > bl || cl == bl && c.Key < best.Key) {
			best = c
		}
	}
	if best == nil {
		return "", nil
	}
	return best.Key, nil
}

// groundExplanation words one ground of a tie: the most recent shared
// collaboration (else partnership) and how many they share, naming the
// services through which each side took part (fromService of the first
// organisation, toService of the other; "" when the organisation took part
// itself).
func groundExplanation(ctx context.Context, fromService, toService, collaboration string, collaborations int, partnership string, partnerships int) (*i18n.Explanation, error) {
	l := loaders.For(ctx)
	var params []i18n.Param
	for _, s := range []struct{ name, key string }{{"service", fromService}, {"otherService", toService}} {
		if s.key == "" {
			continue
		}
		name := s.name
		if fromService == "" {
			name = "service" // the other's service is the only one named
		}
		o, err := l.Organisation(ctx, s.key)
		if err != nil {
			return nil, err
		}
		p := i18n.Param{Name: name, Kind: i18n.ParamOrganisation, Value: s.key}
		if o != nil {
			p.FR = o.Name
		}
		params = append(params, p)
	}
	codes := [4]i18n.Code{i18n.LinkCollaboration, i18n.LinkCollaborationViaService, i18n.LinkCollaborationWithService, i18n.LinkCollaborationBetweenServices}
	if collaboration != "" {
		c, err := l.Collaboration(ctx, collaboration)
		if err != nil {
			return nil, err
		}
		params = append(params, collaborationParam("collaboration", collaboration, c), numberParam("count", collaborations))
	} else {
		codes = [4]i18n.Code{i18n.LinkPartnership, i18n.LinkPartnershipViaService, i18n.LinkPartnershipWithService, i18n.LinkPartnershipBetweenServices}
		p, err := l.Partnership(ctx, partnership)
		if err != nil {
			return nil, err
		}
		param := i18n.Param{Name: "partnership", Kind: i18n.ParamPartnership, Value: partnership}
		if p != nil {
			param.FR = p.Title
		}
		params = append(params, param, numberParam("count", partnerships))
	}
	code := codes[0]
	switch {
	case fromService != "" && toService != "":
		code = codes[3]
	case fromService != "":
		code = codes[1]
	case toService != "":
		code = codes[2]
	}
	return &i18n.Explanation{Code: code, Params: params}, nil
}

func collaborationParam(name, key string, c *reseau.Collaboration) i18n.Param {
	p := i18n.Param{Name: name, Kind: i18n.ParamCollaboration, Value: key}
	if c != nil {
		p.FR = c.Title
	}
	return p
}

func numberParam(name string, n int) i18n.Param {
	return i18n.Param{Name: name, Kind: i18n.ParamNumber, Value: strconv.Itoa(n)}
}

// vocabulary lists the labels of every vocabulary, label in l.
func vocabulary(l i18n.Lang) *model.Vocabulary {
	terms := func(v i18n.Vocabulary) []*model.Term {
		fr, nl, en := i18n.Entries(v, i18n.FR), i18n.Entries(v, i18n.NL), i18n.Entries(v, i18n.EN)
		out := make([]*model.Term, len(fr))
		for i := range fr {
			out[i] = &model.Term{Code: fr[i].Code, Label: i18n.Term(l, v, fr[i].Code), Fr: fr[i].Label, Nl: nl[i].Label, En: en[i].Label}
		}
		return out
	}
	return &model.Vocabulary{
		Sectors:            terms(i18n.VocabSector),
		CollaborationKinds: terms(i18n.VocabCollaborationKind),
		PartnershipKinds:   terms(i18n.VocabPartnershipKind),
		CollaborationRoles: terms(i18n.VocabCollaborationRole),
		PartnershipRoles:   terms(i18n.VocabPartnershipRole),
	}
}

// fromOrMe is the key of an introduction path's start: from when given, else
// the caller's person. An anonymous caller gets "" so that the engine refuses
// it as for any start; a signed-in caller linked to nobody must say from.
func fromOrMe(ctx context.Context, from *string) (string, error) {
	if from != nil {
		return refKey("from", reseau.TypePerson, *from)
	}
	c := reseau.CallerFrom(ctx)
	if c == nil {
		return "", nil // no caller is anonymous: the engine refuses it
	}
	if c.Person != "" || c.Subject == "" && !c.System {
		return c.Person, nil
	}
	return "", reseau.FieldErrorf("from", "give the person to start from: your token links you to no person (no person claim), so there is no \"me\" to start from")
}
