// Package demo provides Réseau's demo data: the bundled Schaerbeek dataset
// (public sources, organisations only), a deterministic generator of
// fictional staff for it, and the synthetic S/M/L networks of the
// benchmarks.
package demo

import (
	"embed"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/csvio"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// schaerbeekFS holds the dataset's CSV files, not their provenance
// (schaerbeek/sources/, which no import reads).
//
//go:embed schaerbeek/*.csv
var schaerbeekFS embed.FS

// DemoSeed is the seed of the staff that DemoDataset adds, fixed so that
// every demo shows the same people.
const DemoSeed = 2015

// Schaerbeek returns the bundled Schaerbeek dataset: 21 domains, 83
// organisations (41 with a directory record from public pages),
// 31 collaborations and 55 partnerships, and no person.
func Schaerbeek() (*reseau.Dataset, error) {
	ds, _, err := csvio.ReadFS(schaerbeekFS, "schaerbeek")
	return ds, err
}

// DemoDataset returns the Schaerbeek dataset with fictional staff (Staff with
// DemoSeed): what an empty server loads at start-up.
func DemoDataset() (*reseau.Dataset, error) {
	ds, err := Schaerbeek()
	if err != nil {
		return nil, err
	}
	Staff(ds, DemoSeed)
	return ds, nil
}

// newRand returns the generators' random source: PCG, so that a seed gives
// the same dataset on every platform and Go version.
func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x5265736561750a))
}

// slugs of the name lists, computed once: keys and e-mails are built from them.
var firstSlugs, lastSlugs = slugAll(firstNames), slugAll(lastNames)

func slugAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ReplaceAll(reseau.Fold(n), " ", "-")
	}
	return out
}

// phone returns a made-up Brussels number in the 555 range.
func phone(rng *rand.Rand) string {
	n := rng.IntN(10000)
	return "+32 2 555 " + strconv.Itoa(n/1000) + strconv.Itoa(n/100%10) + " " + strconv.Itoa(n/10%10) + strconv.Itoa(n%10)
}

func visibility(rng *rand.Rand) reseau.Visibility {
	if rng.IntN(100) < 15 {
		return reseau.VisibilityPrivate
	}
	return reseau.VisibilityNetwork
}

// year returns a year in [from, to] as a string.
func year(rng *rand.Rand, from, to int) string {
	return strconv.Itoa(from + rng.IntN(to-from+1))
}

// date returns a full date in [from-01-01, to-12-28].
func date(rng *rand.Rand, from, to int) string {
	m, d := 1+rng.IntN(12), 1+rng.IntN(28)
	return strconv.Itoa(from+rng.IntN(to-from+1)) + "-" + two(m) + "-" + two(d)
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
