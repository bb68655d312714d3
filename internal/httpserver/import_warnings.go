package httpserver

import (
	"context"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// importWarnings says which imported organisations are probably another
// organisation of the store (or of the import): the import stands, the
// answer and the log say so. A failure to look is logged, never the
// import's failure. The answer speaks the request's language, the log
// English.
func (s *Server) importWarnings(ctx context.Context, ds *reseau.Dataset) []graph.Warning {
	d, err := analytics.DuplicatesInStore(ctx, s.Store, ds.Organisations)
	if err != nil {
		s.Log.WarnContext(ctx, "import: could not look for duplicates", "err", err)
		return nil
	}
	ws := graph.DuplicateWarnings(d, i18n.FromContext(ctx))
	for i, w := range ws {
		s.Log.WarnContext(ctx, "import: possible duplicate", "of", w.Of, "duplicate", w.Duplicate, "score", w.Score,
			"reasons", d[i].Reasons(i18n.EN))
	}
	return ws
}
