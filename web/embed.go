// Package web holds the map page (la carte du réseau): its sources in src/,
// built by `npm run build` into dist/, which is committed and embedded here
// so that `go run .` needs no Node. CI rebuilds dist/ and fails when it
// differs from the committed one.
package web

import "embed"

// Dist is the built page: dist/index.html and dist/assets/, whose file
// names carry a hash of their content.
//
//go:embed dist
var Dist embed.FS
