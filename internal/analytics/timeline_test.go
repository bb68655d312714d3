package analytics

import (
	"testing"
)

// TestTimelineOnDemo: "how has the network evolved since 2010?", answered
// as a coordinator reads collaborations.csv and
// collaboration_participants.csv. 183 collaboration ties: 158 dated, and 25
// that only undated working groups support (the seniors', the guide's,
// the primo-arrivants' groups, the CSS's monthly assembly...). Nothing is
// recorded in 2011–2014 and 2017–2020; the ties of 2010 that live on are
// those of organisations that still meet in an ongoing working group.
func TestTimelineOnDemo(t *testing.T) {
	x := demoIndex(t)
	years := must(x.Timeline(bg, 2010, 2022, TiesCollaboration))
	type fig struct {
		recorded                    bool
		new, lost, ties, orgs, comp int
	}
	want := map[int]fig{
		2010: {true, 11, 8, 11, 14, 5},
		2011: {false, 0, 0, 3, 3, 1},
		2014: {false, 0, 0, 3, 3, 1},
		2015: {true, 103, 100, 106, 30, 1},
		2016: {true, 0, 1, 6, 6, 1},
		2017: {false, 0, 0, 5, 5, 1},
		2020: {false, 0, 0, 5, 5, 1},
		2021: {true, 0, 0, 5, 5, 1},
		2022: {true, 44, 45, 49, 13, 1},
	}
	dated := 0
	for _, y := range years {
		dated += y.NewTies
		if y.UndatedTies != 25 {
			t.Errorf("%d: undatedTies = %d, want 25", y.Year, y.UndatedTies)
		}
		w, ok := want[y.Year]
		if !ok {
			continue
		}
		got := fig{y.Recorded, y.NewTies, y.LostTies, y.Ties, y.Organisations, y.Components}
		if got != w {
			t.Errorf("%d = %+v, want %+v", y.Year, got, w)
		}
		if d := 2 * float64(w.ties) / (83 * 82); !near(y.Density, d) {
			t.Errorf("%d: density %v, want %v", y.Year, y.Density, d)
		}
	}
	if s := must(x.Summary(bg, TiesCollaboration)); dated != 158 || dated+years[0].UndatedTies != s.CollaborationTies {
		t.Errorf("dated ties %d + undated %d, want 158 + 25 = the summary's %d", dated, years[0].UndatedTies, s.CollaborationTies)
	}
}
