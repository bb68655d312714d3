package cli

import (
	"context"
	"log/slog"

	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/i18n"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// logDuplicates logs a warning for each imported organisation that is
// probably another one of the store: the import stands (a merge may be
// due). A failure to look is logged too, and is not the import's.
func logDuplicates(ctx context.Context, store analytics.OrganisationLister, ds *reseau.Dataset, log *slog.Logger) {
	d, err := analytics.DuplicatesInStore(reseau.WithCaller(ctx, reseau.System), store, ds.Organisations)
	if err != nil {
		log.Warn("import: could not look for duplicates", "err", err)
		return
	}
	for _, x := range d {
		log.Warn("import: possible duplicate", "of", x.A, "duplicate", x.B, "score", x.Score, "reasons", x.Reasons(i18n.EN))
	}
}
