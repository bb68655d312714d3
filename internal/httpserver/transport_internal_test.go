package httpserver

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestWriteResponseAsMarshal: the answers writeResponse writes around their
// data are the bytes json.Marshal writes, HTML-sensitive characters and
// line separators included; the others are written by json.Marshal.
func TestWriteResponseAsMarshal(t *testing.T) {
	data := json.RawMessage("{\"organisations\":{\"nodes\":[{\"name\":\"A <b> & \u00e9t\u00e9 \u2028 \u2029 \\u00e9 \\\"q\\\" \\\\ /\",\"n\":1.5e3,\"x\":null,\"l\":[true,false]}]}}")
	for _, tc := range []struct {
		name string
		resp *graphql.Response
	}{
		{"data", &graphql.Response{Data: data}},
		{"escapes side by side", &graphql.Response{Data: json.RawMessage("{\"s\":\"&&<>\u2028\u2029<\u2029&\"}")}},
		{"data and extensions", &graphql.Response{Data: data, Extensions: map[string]any{"cost": 3, "z": "<>"}}},
		{"errors", &graphql.Response{Data: json.RawMessage(`null`), Errors: gqlerror.List{{Message: "no <b>"}}}},
		{"no data", &graphql.Response{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			writeResponse(rec, mediaJSON, tc.resp)
			if !bytes.Equal(rec.Body.Bytes(), want) {
				t.Errorf("wrote\n%s\njson.Marshal writes\n%s", rec.Body.Bytes(), want)
			}
			if ct := rec.Header().Get("Content-Type"); ct != mediaJSON+"; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}
