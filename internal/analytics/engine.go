package analytics

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/reseau-bxl/reseau/internal/authz"
	"github.com/reseau-bxl/reseau/internal/lazy"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Engine answers analytics over a store. It keeps the Index of the store's
// current version (a lazy.Index keyed by the store's version) and rebuilds
// it on the first request after a write; concurrent requests share one
// build, which a request that gives up does not cancel for the others.
type Engine struct {
	store Source
	idx   *lazy.Index[*Index]
	built *atomic.Int64 // nanoseconds the last build took
	// scope is the projection the engine answers at (In); shared with the
	// engine it was made from, since a projection is made from its index.
	scope reseau.Scope
	// readBudget bounds a path read from the store's ties while the index
	// is built (pathFromReads); 0 always waits for the index.
	readBudget int
}

// Source is what the engine reads of a store: the whole graph, in parts
// (the build folds each run of relationship rows as it comes, and never
// holds them all), and the version that says when to read it again (a
// reseau.Store is one).
type Source interface {
	ExportEach(ctx context.Context, visit func(*reseau.Dataset) error) error
	Version(ctx context.Context) (uint64, error)
}

// NewEngine returns an engine over s.
func NewEngine(s Source) *Engine {
	e := &Engine{store: s, built: new(atomic.Int64), readBudget: DefaultReadBudget}
	// Dropping: a rebuild after a write does not hold the old index and the
	// new one together (each is half a GiB at scale L); requests then wait
	// for the rebuild, as they do for the newer version anyway.
	e.idx = lazy.NewDropping(func(ctx context.Context, _ uint64) (*Index, error) {
		// The build is shared and reads the whole graph, whoever asked.
		start := time.Now()
		b := newBuilder(ctx)
		if err := s.ExportEach(reseau.WithCaller(ctx, reseau.System), b.add); err != nil {
			return nil, err
		}
		x, err := b.finish()
		if err != nil {
			return nil, err
		}
		e.built.Store(int64(time.Since(start)))
		return x, nil
	})
	return e
}

// Index returns the index of the store's current version at the engine's
// scope (In), building it if a write happened since the last build. Errors
// are the store's, EINVALID for an unknown scope, and EUNAVAILABLE if ctx
// ends before the build does.
func (e *Engine) Index(ctx context.Context) (*Index, error) {
	// v is read before the export, so a write racing with the build leaves
	// the index behind the store and the next request rebuilds.
	v, err := e.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	x, err := e.idx.Get(ctx, v)
	if err != nil && ctx.Err() != nil {
		return nil, stopped(ctx)
	}
	if err != nil {
		return nil, err
	}
	return x.at(ctx, e.scope)
}

// BuildTime returns how long the last index build took (zero before one).
func (e *Engine) BuildTime() time.Duration { return time.Duration(e.built.Load()) }

// OrganisationPath: see Index.OrganisationPath. While the index of the
// store's version is built, a path at the organisation scope is read from
// the store's ties instead (pathFromReads), the same path.
func (e *Engine) OrganisationPath(ctx context.Context, from, to string, maxHops int, ties Ties) (*OrganisationPath, error) {
	if p, ok, err := e.pathFromReads(ctx, from, to, maxHops, ties); ok {
		return p, err
	}
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.OrganisationPath(ctx, from, to, maxHops, ties)
}

// IntroductionPath: see Index.IntroductionPath. authz.PeopleScope decides
// whether the caller may ask (EUNAUTHORIZED for anonymous callers,
// EFORBIDDEN for a role that sees no people) and whom the path may name.
func (e *Engine) IntroductionPath(ctx context.Context, from, to string, maxHops int) (*IntroductionPath, error) {
	s, err := authz.PeopleScope(ctx)
	if err != nil {
		return nil, err
	}
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.IntroductionPath(ctx, s, from, to, maxHops)
}

// IntroductionPathToOrganisation: see Index.IntroductionPathToOrganisation;
// errors as IntroductionPath.
func (e *Engine) IntroductionPathToOrganisation(ctx context.Context, from, org string, maxHops int) (*IntroductionPath, error) {
	s, err := authz.PeopleScope(ctx)
	if err != nil {
		return nil, err
	}
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.IntroductionPathToOrganisation(ctx, s, from, org, maxHops)
}

// Gaps: see Index.Gaps.
func (e *Engine) Gaps(ctx context.Context, domains []string, since, until string) (*GapReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Gaps(ctx, domains, since, until)
}

// SuggestedMeetings: see Index.SuggestedMeetings.
func (e *Engine) SuggestedMeetings(ctx context.Context, domain string, first int) ([]Meeting, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.SuggestedMeetings(ctx, domain, first)
}

// SuggestedMeetingsFor: see Index.SuggestedMeetingsFor.
func (e *Engine) SuggestedMeetingsFor(ctx context.Context, orgs []string, domain string, first int) ([]Meeting, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.SuggestedMeetingsFor(ctx, orgs, domain, first)
}

// MeetingInvitations: see Index.MeetingInvitations. It names organisations
// only, which every caller may read (no people: nothing for authz to hide).
func (e *Engine) MeetingInvitations(ctx context.Context, domain string, size int, include []string) (*Invitations, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.MeetingInvitations(ctx, domain, size, include)
}

// Brokers: see Index.Brokers.
func (e *Engine) Brokers(ctx context.Context, first int, ties Ties) (*BrokerReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Brokers(ctx, first, ties)
}

// ArticulationPoints: see Index.ArticulationPoints.
func (e *Engine) ArticulationPoints(ctx context.Context, ties Ties) ([]string, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.ArticulationPoints(ctx, ties)
}

// Bridges: see Index.Bridges.
func (e *Engine) Bridges(ctx context.Context, ties Ties) ([][2]string, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Bridges(ctx, ties)
}

// Communities: see Index.Communities.
func (e *Engine) Communities(ctx context.Context, ties Ties) (*CommunityReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Communities(ctx, ties)
}

// Mixing: see Index.Mixing.
func (e *Engine) Mixing(ctx context.Context, ties Ties) (*MixingReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Mixing(ctx, ties)
}

// Timeline: see Index.Timeline.
func (e *Engine) Timeline(ctx context.Context, from, to int, ties Ties) ([]Year, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Timeline(ctx, from, to, ties)
}

// Summary: see Index.Summary. People relationships are counted whoever asks
// (an aggregate names nobody).
func (e *Engine) Summary(ctx context.Context, ties Ties) (*Summary, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Summary(ctx, ties)
}

// GapBrokers: see Index.GapBrokers. People are listed only for callers who
// may see people, and only the ones they may see (authz.VisiblePeople).
func (e *Engine) GapBrokers(ctx context.Context, domain string, a, b reseau.Sector, first int) (*GapBrokerReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.GapBrokers(ctx, authz.VisiblePeople(ctx), domain, a, b, first)
}

// Network: see Index.Network, at f.Scope when given. People appear only if
// the caller may see them (authz.VisiblePeople).
func (e *Engine) Network(ctx context.Context, f NetworkFilter) (*Network, error) {
	if f.Scope != "" {
		e = e.In(f.Scope)
	}
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Network(ctx, authz.VisiblePeople(ctx), f)
}
