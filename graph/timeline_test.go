package graph_test

import "testing"

// TestTimelineQuery asks the demo how the collaboration network evolved
// around 2015, through GraphQL: nothing recorded in 2013 and 2014 (not a
// year without activity), the 2015 rencontres and working groups tie 103
// new pairs and 100 of those ties end that year, and 25 ties only undated
// working groups support (collaborations.csv).
func TestTimelineQuery(t *testing.T) {
	c := newAnalyticsClient(t)
	var resp struct {
		Timeline []struct {
			Year                                                            int
			Recorded                                                        bool
			NewTies, LostTies, Ties, Organisations, Components, UndatedTies int
			Density                                                         float64
		}
	}
	c.MustPost(`{ timeline(from: 2013, to: 2015, ties: [COLLABORATION]) {
		year recorded newTies lostTies ties organisations components density undatedTies } }`, &resp)
	if len(resp.Timeline) != 3 {
		t.Fatalf("timeline = %+v, want 2013–2015", resp.Timeline)
	}
	y13, y15 := resp.Timeline[0], resp.Timeline[2]
	if y13.Year != 2013 || y13.Recorded || y13.NewTies != 0 || y13.Ties != 3 {
		t.Errorf("2013 = %+v, want not recorded, the 3 ties of ongoing groups", y13)
	}
	if y15.Year != 2015 || !y15.Recorded || y15.NewTies != 103 || y15.LostTies != 100 || y15.Ties != 106 ||
		y15.Organisations != 30 || y15.Components != 1 || y15.UndatedTies != 25 || y15.Density <= 0 {
		t.Errorf("2015 = %+v", y15)
	}
}
