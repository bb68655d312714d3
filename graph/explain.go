package graph

import (
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

// linkExplanation words why two organisations of a path are tied: their most
// recent shared collaboration, else partnership, and how many they share.
func linkExplanation(ctx context.Context, l *analytics.OrganisationLink) (*i18n.Explanation, error) {
	if l.Collaboration != "" {
		c, err := loaders.For(ctx).Collaboration(ctx, l.Collaboration)
		if err != nil {
			return nil, err
		}
		return &i18n.Explanation{Code: i18n.LinkCollaboration, Params: []i18n.Param{
			collaborationParam("collaboration", l.Collaboration, c),
			numberParam("count", len(l.Collaborations)),
		}}, nil
	}
	p, err := loaders.For(ctx).Partnership(ctx, l.Partnership)
	if err != nil {
		return nil, err
	}
	param := i18n.Param{Name: "partnership", Kind: i18n.ParamPartnership, Value: l.Partnership}
	if p != nil {
		param.FR = p.Title
	}
	return &i18n.Explanation{Code: i18n.LinkPartnership, Params: []i18n.Param{param, numberParam("count", len(l.Partnerships))}}, nil
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
