package scalar

import (
	"bytes"
	"testing"

	"github.com/reseau-bxl/reseau/internal/reseau"
)

func TestDate(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   any
		code string
	}{
		{"day", "2015-06-02", ""},
		{"month", "2015-06", ""},
		{"year", "2015", ""},
		{"empty", "", ""},
		{"no such day", "2015-02-30", reseau.EINVALID},
		{"no such month", "2015-13", reseau.EINVALID},
		{"other layout", "02/06/2015", reseau.EINVALID},
		{"number", 2015, reseau.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := UnmarshalDate(tc.in)
			if got := reseau.ErrorCode(err); got != tc.code {
				t.Errorf("UnmarshalDate(%v): code %q, want %q", tc.in, got, tc.code)
			}
		})
	}
	var b bytes.Buffer
	MarshalDate("").MarshalGQL(&b)
	MarshalDate("2015-06").MarshalGQL(&b)
	if b.String() != `null"2015-06"` {
		t.Errorf("marshalled %s", b.String())
	}
}
