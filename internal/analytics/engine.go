package analytics

import (
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Engine answers analytics over a store. It keeps the Index of the store's
// current version and rebuilds it lazily, on the first request after a write;
// concurrent requests share one build.
type Engine struct {
	store Source

	mu      sync.Mutex
	idx     *Index
	version uint64
	built   time.Duration
	group   singleflight.Group
}

// Source is what the engine reads of a store: the whole graph, and the
// version that says when to read it again (a reseau.Store is one).
type Source interface {
	Export(ctx context.Context) (*reseau.Dataset, error)
	Version(ctx context.Context) (uint64, error)
}

// NewEngine returns an engine over s.
func NewEngine(s Source) *Engine { return &Engine{store: s} }

// Index returns the index of the store's current version, building it if a
// write happened since the last build. Errors are the store's.
func (e *Engine) Index(ctx context.Context) (*Index, error) {
	v, err := e.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	if e.idx != nil && e.version == v {
		x := e.idx
		e.mu.Unlock()
		return x, nil
	}
	e.mu.Unlock()
	ch := e.group.DoChan(strconv.FormatUint(v, 10), func() (any, error) {
		// The build is shared: it must not die with the request that
		// happened to start it, and it reads the whole graph.
		bctx := reseau.WithCaller(context.WithoutCancel(ctx), reseau.System)
		start := time.Now()
		ds, err := e.store.Export(bctx)
		if err != nil {
			return nil, err
		}
		x := NewIndex(ds)
		e.mu.Lock()
		// v was read before the export, so a write racing with it leaves
		// e.version behind the store and the next request rebuilds.
		if e.idx == nil || v >= e.version {
			e.idx, e.version, e.built = x, v, time.Since(start)
		}
		e.mu.Unlock()
		return x, nil
	})
	select {
	case <-ctx.Done():
		return nil, reseau.Errorf(reseau.EUNAVAILABLE, "analytics index not ready: %v", ctx.Err())
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*Index), nil
	}
}

// BuildTime returns how long the last index build took (zero before one).
func (e *Engine) BuildTime() time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.built
}

func peopleScope(ctx context.Context) (reseau.PeopleScope, error) {
	c := reseau.CallerFrom(ctx)
	s := c.PeopleScope()
	if s.None {
		if !c.Authenticated() {
			return s, reseau.Errorf(reseau.EUNAUTHORIZED, "sign in to see people")
		}
		return s, reseau.Errorf(reseau.EFORBIDDEN, "your role does not allow seeing people")
	}
	return s, nil
}

// OrganisationPath: see Index.OrganisationPath.
func (e *Engine) OrganisationPath(ctx context.Context, from, to string, maxHops int, ties Ties) (*OrganisationPath, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.OrganisationPath(from, to, maxHops, ties)
}

// IntroductionPath: see Index.IntroductionPath. The caller must be allowed
// to see people (EUNAUTHORIZED for anonymous callers, EFORBIDDEN otherwise).
func (e *Engine) IntroductionPath(ctx context.Context, from, to string, maxHops int) (*IntroductionPath, error) {
	s, err := peopleScope(ctx)
	if err != nil {
		return nil, err
	}
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.IntroductionPath(s, from, to, maxHops)
}

// IntroductionPathToOrganisation: see Index.IntroductionPathToOrganisation;
// errors as IntroductionPath.
func (e *Engine) IntroductionPathToOrganisation(ctx context.Context, from, org string, maxHops int) (*IntroductionPath, error) {
	s, err := peopleScope(ctx)
	if err != nil {
		return nil, err
	}
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.IntroductionPathToOrganisation(s, from, org, maxHops)
}

// Gaps: see Index.Gaps.
func (e *Engine) Gaps(ctx context.Context, domains []string, since, until string) (*GapReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Gaps(domains, since, until)
}

// SuggestedMeetings: see Index.SuggestedMeetings.
func (e *Engine) SuggestedMeetings(ctx context.Context, domain string, first int) ([]Meeting, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.SuggestedMeetings(domain, first)
}

// Brokers: see Index.Brokers.
func (e *Engine) Brokers(ctx context.Context, first int, ties Ties) (*BrokerReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Brokers(first, ties)
}

// ArticulationPoints: see Index.ArticulationPoints.
func (e *Engine) ArticulationPoints(ctx context.Context, ties Ties) ([]string, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.ArticulationPoints(ties), nil
}

// Bridges: see Index.Bridges.
func (e *Engine) Bridges(ctx context.Context, ties Ties) ([][2]string, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Bridges(ties), nil
}

// Communities: see Index.Communities.
func (e *Engine) Communities(ctx context.Context, ties Ties) (*CommunityReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Communities(ties), nil
}

// Mixing: see Index.Mixing.
func (e *Engine) Mixing(ctx context.Context, ties Ties) (*MixingReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Mixing(ties), nil
}

// Timeline: see Index.Timeline.
func (e *Engine) Timeline(ctx context.Context, from, to int, ties Ties) ([]Year, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Timeline(from, to, ties)
}

// Summary: see Index.Summary. People relationships are counted whoever asks
// (an aggregate names nobody).
func (e *Engine) Summary(ctx context.Context, ties Ties) (*Summary, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Summary(ties), nil
}

// GapBrokers: see Index.GapBrokers. People are listed only for callers who
// may see people, and only the ones they may see.
func (e *Engine) GapBrokers(ctx context.Context, domain string, a, b reseau.Sector, first int) (*GapBrokerReport, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.GapBrokers(reseau.CallerFrom(ctx).PeopleScope(), domain, a, b, first)
}

// Network: see Index.Network. People appear only if the caller may see them.
func (e *Engine) Network(ctx context.Context, f NetworkFilter) (*Network, error) {
	x, err := e.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Network(reseau.CallerFrom(ctx).PeopleScope(), f)
}
