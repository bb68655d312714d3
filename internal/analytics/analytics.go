// Package analytics answers the network questions coordinators and analysts
// ask of Réseau: introduction and organisation paths, collaboration gaps,
// brokers, communities, mixing, timelines, whole-network figures and the
// dashboard projection with its GEXF, GraphML and graphology exports.
//
// Everything runs on an Index: a compact, int-indexed (CSR) projection of a
// whole reseau.Dataset, built once per store version by an Engine. Both
// stores feed it through Store.Export, so the answers do not depend on the
// store behind them.
package analytics

import (
	"strconv"
	"strings"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Ties selects which organisation ties an analysis follows. The zero value
// means both kinds.
type Ties uint8

// Tie kinds, combinable with |.
const (
	TiesCollaboration Ties = 1 << iota // took part in the same collaboration
	TiesPartnership                    // parties to the same partnership (a membership ties member and network only)
	TiesAll           = TiesCollaboration | TiesPartnership
)

func (t Ties) norm() Ties {
	if t&TiesAll == 0 {
		return TiesAll
	}
	return t & TiesAll
}

// String names the selection as the GraphQL enum values do.
func (t Ties) String() string {
	switch t.norm() {
	case TiesCollaboration:
		return "COLLABORATION"
	case TiesPartnership:
		return "PARTNERSHIP"
	}
	return "COLLABORATION,PARTNERSHIP"
}

// Link kinds of organisation paths and network edges.
const (
	KindCollaboration = "COLLABORATION"
	KindPartnership   = "PARTNERSHIP"
)

// Limits of the capabilities' arguments.
const (
	DefaultMaxHops = 4
	MaxMaxHops     = 8
	DefaultFirst   = 20
	MaxFirst       = 1000
	// ExactBetweennessLimit is the largest graph whose betweenness is exact;
	// above it Brandes runs from a deterministic sample of BetweennessSample
	// sources and the answer says so.
	ExactBetweennessLimit = 10000
	BetweennessSample     = 512
)

func checkHops(maxHops int) (int, error) {
	switch {
	case maxHops == 0:
		return DefaultMaxHops, nil
	case maxHops < 0 || maxHops > MaxMaxHops:
		return 0, reseau.FieldErrorf("maxHops", "must be between 1 and %d", MaxMaxHops)
	}
	return maxHops, nil
}

func checkFirst(first int) (int, error) {
	switch {
	case first == 0:
		return DefaultFirst, nil
	case first < 0 || first > MaxFirst:
		return 0, reseau.FieldErrorf("first", "must be between 1 and %d", MaxFirst)
	}
	return first, nil
}

// day is a date as the integer YYYYMMDD, so that dates compare as integers;
// 0 is unknown.
type day int32

func dayOf(iso string) day {
	if len(iso) != 10 {
		return 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(iso, "-", ""))
	if err != nil {
		return 0
	}
	return day(n)
}

func lowDay(s string) day  { return dayOf(reseau.DateLow(s)) }
func highDay(s string) day { return dayOf(reseau.DateHigh(s)) }

// String formats d as ISO-8601, "" when unknown.
func (d day) String() string {
	if d == 0 {
		return ""
	}
	b := []byte("0000-00-00")
	n := int(d)
	for _, i := range []int{9, 8, 6, 5, 3, 2, 1, 0} {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

func (d day) year() int { return int(d) / 10000 }

// span is the [low, high] of a dated item; low == 0 when no date is known.
type span struct{ low, high day }

func spanOf(start, end string) span {
	if start == "" {
		start = end
	}
	if end == "" {
		end = start
	}
	return span{lowDay(start), highDay(end)}
}

// window is a [since, until] filter; a zero bound is open.
type window struct{ from, to day }

func windowOf(since, until string) (window, error) {
	if !reseau.ValidDate(since) {
		return window{}, reseau.FieldErrorf("since", "%q is not an ISO-8601 date", since)
	}
	if !reseau.ValidDate(until) {
		return window{}, reseau.FieldErrorf("until", "%q is not an ISO-8601 date", until)
	}
	return window{lowDay(since), highDay(until)}, nil
}

func (w window) open() bool { return w.from == 0 && w.to == 0 }

// holds reports whether s meets w, with reseau.Overlaps' semantics: an
// undated item meets only an open window.
func (w window) holds(s span) bool {
	if w.open() {
		return true
	}
	if s.low == 0 {
		return false
	}
	return (w.from == 0 || s.high >= w.from) && (w.to == 0 || s.low <= w.to)
}
