package graph

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/loaders"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Warning is one entry of a response's extensions.warnings: something a
// write did that succeeded but deserves a look.
type Warning struct {
	// Code is what kind: WarnPossibleDuplicate.
	Code string `json:"code"`
	// Of is the key of the node written.
	Of string `json:"of"`
	// Duplicate is the key of the node it probably duplicates.
	Duplicate string  `json:"duplicate"`
	Score     float64 `json:"score"`
	// Reasons are the texts of Explanations in the request's language.
	Reasons []string `json:"reasons"`
	// Explanations say why, as PossibleDuplicate.explanations does: the A
	// parameters are Of's.
	Explanations []WarningExplanation `json:"explanations"`
}

// WarningExplanation is an i18n.Explanation as a warning carries it: the
// shape of the GraphQL type Explanation, written in one language.
type WarningExplanation struct {
	Code   string         `json:"code"`
	Params []WarningParam `json:"params"`
	Text   string         `json:"text"`
}

// WarningParam is an i18n.Param as a warning carries it: the shape of the
// GraphQL type ExplanationParam.
type WarningParam struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Label string `json:"label"`
}

// WarnPossibleDuplicate: the organisation written is probably the same as
// another one (a merge may be due).
const WarnPossibleDuplicate = "POSSIBLE_DUPLICATE"

// warnings is the extensions.warnings list of one response; the mutations
// of an operation add to it in turn.
type warnings struct {
	mu    sync.Mutex
	items []Warning
}

func (w *warnings) MarshalJSON() ([]byte, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return json.Marshal(w.items)
}

// warn adds ws to the response's extensions.warnings.
func warn(ctx context.Context, ws ...Warning) {
	if len(ws) == 0 || !graphql.HasOperationContext(ctx) {
		return
	}
	l, _ := graphql.GetExtension(ctx, "warnings").(*warnings)
	if l == nil {
		l = &warnings{}
		graphql.RegisterExtension(ctx, "warnings", l)
	}
	l.mu.Lock()
	l.items = append(l.items, ws...)
	l.mu.Unlock()
}

// DuplicateWarnings turns the duplicates of newly written organisations
// into warnings, at most one per pair, written in l.
func DuplicateWarnings(d []analytics.Duplicate, l i18n.Lang) []Warning {
	out := make([]Warning, 0, len(d))
	for _, x := range d {
		w := Warning{Code: WarnPossibleDuplicate, Of: x.A, Duplicate: x.B, Score: x.Score, Reasons: x.Reasons(l),
			Explanations: make([]WarningExplanation, len(x.Explanations))}
		for i, e := range x.Explanations {
			we := WarningExplanation{Code: string(e.Code), Params: make([]WarningParam, len(e.Params)), Text: e.Text(l)}
			for j, p := range e.Params {
				we.Params[j] = WarningParam{Name: p.Name, Kind: string(p.Kind), Value: p.Value, Label: p.Label(l)}
			}
			w.Explanations[i] = we
		}
		out = append(out, w)
	}
	return out
}

// warnDuplicates warns when o, just created, is probably another
// organisation of the store; the write stands either way. Inside a mutation
// operation run by the HTTP server (WithAfterCommit), the look happens
// once the operation has committed: it reads every organisation, which
// must not hold the store's write lock (two servers on one SQLite file
// would wait on each other), and a rolled-back create warns of nothing.
func (r *mutationResolver) warnDuplicates(ctx context.Context, o *reseau.Organisation) error {
	if o == nil {
		return nil
	}
	if a, ok := ctx.Value(afterCommitKey{}).(*AfterCommit); ok {
		a.mu.Lock()
		a.created = append(a.created, *o)
		a.mu.Unlock()
		return nil
	}
	d, err := analytics.DuplicatesInStore(ctx, r.Store, []reseau.Organisation{*o})
	if err != nil {
		return err
	}
	warn(ctx, DuplicateWarnings(d, i18n.FromContext(ctx))...)
	return nil
}

type afterCommitKey struct{}

// AfterCommit holds what a mutation operation's fields leave to do once the
// operation has committed: look for duplicates of the organisations it
// created.
type AfterCommit struct {
	mu      sync.Mutex
	created []reseau.Organisation
}

// WithAfterCommit returns ctx carrying a new AfterCommit for the operation
// about to run.
func WithAfterCommit(ctx context.Context) (context.Context, *AfterCommit) {
	a := &AfterCommit{}
	return context.WithValue(ctx, afterCommitKey{}, a), a
}

// Warnings looks, through s and after the commit, for duplicates of the
// organisations the operation created, written in the language of ctx;
// nil when none or when the look fails (the writes stand: the warning is
// advice).
func (a *AfterCommit) Warnings(ctx context.Context, s analytics.OrganisationLister) []Warning {
	a.mu.Lock()
	created := a.created
	a.mu.Unlock()
	if len(created) == 0 {
		return nil
	}
	d, err := analytics.DuplicatesInStore(ctx, s, created)
	if err != nil {
		return nil
	}
	return DuplicateWarnings(d, i18n.FromContext(ctx))
}

// refNodes loads the nodes refs name, in order, leaving out the ones gone
// since the report was built.
func refNodes(ctx context.Context, refs []analytics.Ref) ([]model.Node, error) {
	out := make([]model.Node, 0, len(refs))
	for _, ref := range refs {
		v, err := loaders.For(ctx).Node(ctx, ref.Type, ref.Key)
		if err != nil {
			return nil, err
		}
		if n, ok := v.(model.Node); ok && v != nil {
			out = append(out, n)
		}
	}
	return out, nil
}
