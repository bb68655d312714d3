package httpserver_test

import (
	"encoding/json"
	"testing"
)

// TestNilCallerIsAnonymous checks that a CallerFunc answering no caller does
// not run the request as the system (which a context without a caller
// means): the request sees what an anonymous caller sees.
func TestNilCallerIsAnonymous(t *testing.T) {
	ts := serve(t, demoStore(t), nil)
	a := post(t, ts, `{ people { totalCount } }`, nil)
	var data struct {
		People struct{ TotalCount int } `json:"people"`
	}
	if err := json.Unmarshal(a.Data, &data); err != nil {
		t.Fatalf("%s: %v", a.Data, err)
	}
	if data.People.TotalCount != 0 {
		t.Fatalf("a request without a caller sees %d people, want none", data.People.TotalCount)
	}
}
