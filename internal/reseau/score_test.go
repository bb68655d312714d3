package reseau

import "testing"

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
