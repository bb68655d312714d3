package reseau

import (
	"cmp"
	"slices"
	"strings"
)

// Tie folding: the one way every store turns the collaborations two
// organisations share into their CollaborationTie. A store finds the shared
// collaborations (its index, its Cypher); TieFold makes the tie of them, and
// SortTies orders a list of ties.

// tieStatuses are the collaboration statuses that make ties, as
// NormStatus writes them: held (a meeting that took place), active (a
// working group that meets), closed (one that met and ended), and the empty
// status of a record that does not say (a recorded collaboration is taken
// as held, as the sources record what happened). A planned, postponed or
// cancelled collaboration, or any other status, ties nobody: its
// participants were invited, they did not work together.
var tieStatuses = []string{"", "active", "closed", "held"}

// TieStatuses returns the collaboration statuses that make ties (see
// MakesTies), normalised by NormStatus: the list a store passes to its
// queries (Cypher, SQL), so that the rule stays here.
func TieStatuses() []string { return slices.Clone(tieStatuses) }

// NormStatus is the form of a collaboration status that MakesTies and
// TieStatuses compare: trimmed and lower-cased, as Cypher's
// toLower(trim(s)) and SQLite's lower(trim(s)) write an ASCII status.
func NormStatus(status string) string { return strings.ToLower(strings.TrimSpace(status)) }

// MakesTies reports whether a collaboration of this status ties its
// participants (organisations and people) to each other: the one rule
// every store and the analytics index apply to collaboration ties,
// acquaintances through collaborations, paths, brokers, gaps, communities,
// the timeline and the network view and its exports.
func MakesTies(status string) bool { return slices.Contains(tieStatuses, NormStatus(status)) }

// TieFold accumulates the collaborations an organisation shares with
// another into their tie: the weight is their number, the first date the
// earliest start, the last date the latest end (or start, for a
// collaboration without end), compared as the days they cover and reported
// as stored. The zero TieFold of the other organisation's key is empty.
type TieFold struct {
	tie                CollaborationTie
	firstLow, lastHigh string // padded FirstDate and LastDate
}

// NewTieFold returns an empty fold of the tie with the organisation other.
func NewTieFold(other string) TieFold {
	return TieFold{tie: CollaborationTie{OrganisationKey: other}}
}

// Add folds in one shared collaboration, with its start and end as stored.
func (f *TieFold) Add(key, start, end string) {
	f.AddPadded(key, start, end, DateLow(start), DateHigh(cmp.Or(end, start)))
}

// AddPadded is Add for a store that keeps the padded dates of each
// collaboration: startLow is DateLow(start), lastHigh DateHigh(end or start).
func (f *TieFold) AddPadded(key, start, end, startLow, lastHigh string) {
	f.tie.Weight++
	f.tie.CollaborationKeys = append(f.tie.CollaborationKeys, key)
	if startLow != "" && (f.firstLow == "" || startLow < f.firstLow) {
		f.firstLow, f.tie.FirstDate = startLow, start
	}
	if lastHigh != "" && lastHigh > f.lastHigh {
		f.lastHigh, f.tie.LastDate = lastHigh, cmp.Or(end, start)
	}
}

// Tie returns the folded tie, its collaboration keys sorted.
func (f *TieFold) Tie() CollaborationTie {
	if len(f.tie.CollaborationKeys) > 1 {
		slices.Sort(f.tie.CollaborationKeys)
	}
	return f.tie
}

// SortTies orders ties as Store.Collaborators answers them: by weight
// descending, then by organisation key.
func SortTies(ties []CollaborationTie) {
	slices.SortFunc(ties, func(a, b CollaborationTie) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.OrganisationKey, b.OrganisationKey))
	})
}

// JoinPartners adds partners (as Partners answers them) to the collaboration
// ties of tied (organisation → tied keys), and sorts every list without
// repeats: a TiedOrganisations answer.
func JoinPartners(tied, partners map[string][]string) {
	for org, list := range partners {
		tied[org] = append(tied[org], list...)
	}
	for org, keys := range tied {
		slices.Sort(keys)
		tied[org] = slices.Compact(keys)
	}
}
