package analytics

import "context"

// SetOnSource sets the hook called before each breadth-first source of the
// brokers' computation, for the tests of package analytics_test; the
// returned function removes it.
func SetOnSource(f func(context.Context)) (restore func()) {
	onSource = f
	return func() { onSource = nil }
}

// MaxWeightBMatchingFirst is MaxWeightBMatching starting from the given
// first candidates per vertex (capacity+top heaviest, capacity+perWeight of
// each weight), and the number of rounds it solved: the tests start from
// tiny candidate sets so that the certificate and its added edges decide.
func MaxWeightBMatchingFirst(capacity []int, edges []WeightedEdge, top, perWeight int) (chosen []int, rounds int) {
	chosen, st := maxWeightBMatching(capacity, edges, top, perWeight)
	return chosen, st.Rounds
}

// ImmersionGraph is the problem an immersion plan solves for round: each
// participant's capacity, and the allowed pairs as edges between participant
// indexes, weighted.
func ImmersionGraph(x *Index, round ImmersionRound) ([]int, []WeightedEdge, error) {
	_, capacity, edges, err := x.immersionGraph(round)
	return capacity, edges, err
}
