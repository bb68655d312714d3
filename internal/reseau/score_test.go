package reseau

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestSearchScore(t *testing.T) {
	tests := []struct {
		name         string
		query        string
		better, than string // names; better must score higher
	}{
		{"exact name", "le meridien", "le meridien", "le meridien ssm"},
		{"closer name wins", "ssm la gerbe", "la gerbe\ngerbe la ssm", "memoire vivante ssm la gerbe asbl"},
		{"whole word beats prefix", "merid", "merid", "meridien"},
		{"prefix beats inside", "erid", "eridan", "meridien"},
		{"inside beats nothing", "erid", "meridien", "gerbe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := SearchScore(tt.query, tt.better), SearchScore(tt.query, tt.than); a <= b {
				t.Errorf("SearchScore(%q): %v for %q <= %v for %q", tt.query, a, tt.better, b, tt.than)
			}
		})
	}
	if s := SearchScore("la gerbe", "x\nla gerbe"); s != 1 {
		t.Errorf("exact folded name scores %v, want 1", s)
	}
	if s := SearchScore("zz", "la gerbe"); s != 0 {
		t.Errorf("no match scores %v, want 0", s)
	}
}

// TestScorerIsSearchScore checks the allocation-free Scorer against the
// SearchScore it replaced (kept below), on random names and queries drawn
// from few words, prefixes, separators and Unicode spaces, and that it
// allocates nothing once its buffers have grown.
func TestScorerIsSearchScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	parts := []string{"la", "gerbe", "ger", "service", "sante", "santé", "ssm", "de", " ", "  ", "\u00a0", "\u2003", "\n", "-", "a"}
	text := func(n int) string {
		var b strings.Builder
		for range rng.IntN(n) {
			b.WriteString(parts[rng.IntN(len(parts))])
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	var sc Scorer
	for range 20000 {
		q, names := strings.ReplaceAll(text(4), "\n", " "), text(12)
		sc.Reset(q)
		if got, want := sc.Score(names), searchScoreBefore(q, names); got != want {
			t.Fatalf("Score(%q, %q) = %v, before %v", q, names, got, want)
		}
		if got, want := SearchScore(q, names), searchScoreBefore(q, names); got != want {
			t.Fatalf("SearchScore(%q, %q) = %v, before %v", q, names, got, want)
		}
	}
	sc.Reset("service sante")
	if n := testing.AllocsPerRun(100, func() { sc.Score("service de sante mentale\nssm la gerbe") }); n != 0 {
		t.Errorf("Score allocates %v times a call", n)
	}
}

func searchScoreBefore(query, names string) float64 {
	words := strings.Fields(query)
	if len(words) == 0 {
		return 0
	}
	best := 0.0
	for name := range strings.SplitSeq(names, "\n") {
		if name == query {
			return 1
		}
		tokens := strings.Fields(name)
		if len(tokens) == 0 {
			continue
		}
		used := make([]bool, len(tokens))
		found := 0.0
		for _, w := range words {
			bestW, at := 0.0, -1
			for i, t := range tokens {
				v := 0.0
				switch {
				case t == w:
					v = 1
				case strings.HasPrefix(t, w):
					v = 0.8
				case strings.Contains(t, w):
					v = 0.4
				}
				// Prefer a token not matched yet, so that "la la" is not "la".
				if v > bestW || (v == bestW && v > 0 && at >= 0 && used[at] && !used[i]) {
					bestW, at = v, i
				}
			}
			if at >= 0 {
				used[at] = true
			}
			found += bestW
		}
		if found == 0 {
			continue
		}
		matched := 0
		for _, u := range used {
			if u {
				matched++
			}
		}
		coverage := found / float64(len(words))
		precision := float64(matched) / float64(len(tokens))
		if sc := 0.95 * coverage * (0.6 + 0.4*precision); sc > best {
			best = sc
		}
	}
	return best
}
