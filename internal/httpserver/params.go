package httpserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
)

// requestError is a GraphQL-over-HTTP request that is not well formed: it is
// answered 400 BAD_REQUEST before any GraphQL work, naming in field the
// parameter at fault ("query", "variables", "operationName", "extensions"),
// or none when the fault is in the body or URL as a whole.
type requestError struct {
	field, msg string
}

func badRequest(field, format string, args ...any) *requestError {
	return &requestError{field: field, msg: fmt.Sprintf(format, args...)}
}

// The parameters of a GraphQL request (GraphQL over HTTP, "Request
// Parameters"). Other members or URL parameters are ignored.
const (
	paramQuery         = "query"
	paramOperationName = "operationName"
	paramVariables     = "variables"
	paramExtensions    = "extensions"
)

var params = []string{paramQuery, paramOperationName, paramVariables, paramExtensions}

// paramsFromBody decodes a POST body: one JSON object whose members are the
// request's parameters. Go's JSON decoding would quietly turn invalid UTF-8
// and lone UTF-16 surrogates into U+FFFD, keep the last of two members with
// the same name and answer a type error in terms of its own structs; each
// is refused here instead, saying where.
func paramsFromBody(body []byte) (*graphql.RawParams, *requestError) {
	members, err := scanObject(body)
	if err != nil {
		var dup *duplicateError
		if errors.As(err, &dup) {
			if len(dup.path) == 1 {
				return nil, badRequest(dup.path[0], "the request body has %q twice: send each parameter once", dup.path[0])
			}
			return nil, badRequest(dup.path[0], "the request body has the member %q twice: a JSON object must not repeat a name", strings.Join(dup.path, "."))
		}
		return nil, badRequest("", "the request body must be one JSON object {\"query\": ..., \"variables\": ...}")
	}
	if i := invalidUTF8(body); i >= 0 {
		for _, m := range members {
			if int64(i) >= m.start && int64(i) < m.end {
				return nil, badRequest(fieldFor(m.name), "the request's %q is not valid UTF-8 (byte %d of the body)", m.name, i)
			}
		}
		return nil, badRequest("", "a member name of the request body is not valid UTF-8 (byte %d of the body)", i)
	}
	raw := make(map[string][]byte, len(members))
	for _, m := range members {
		v := bytes.TrimLeft(body[m.start:m.end], " \t\r\n:")
		if s := loneSurrogate(v); s != "" {
			return nil, badRequest(fieldFor(m.name), "the request's %q holds %s, half of a UTF-16 surrogate pair, which is not a character", m.name, s)
		}
		raw[m.name] = v
	}
	p := &graphql.RawParams{}
	var rerr *requestError
	if p.Query, rerr = stringParam(paramQuery, raw[paramQuery]); rerr != nil {
		return nil, rerr
	}
	if p.OperationName, rerr = stringParam(paramOperationName, raw[paramOperationName]); rerr != nil {
		return nil, rerr
	}
	if p.Variables, rerr = objectParam(paramVariables, raw[paramVariables]); rerr != nil {
		return nil, rerr
	}
	if p.Extensions, rerr = objectParam(paramExtensions, raw[paramExtensions]); rerr != nil {
		return nil, rerr
	}
	if p.Query == "" {
		return nil, noQuery()
	}
	return p, nil
}

// paramsFromURL decodes the parameters of a GET: query and operationName as
// they are, variables and extensions as JSON objects. As for a body, invalid
// UTF-8, a repeated parameter and a value of the wrong type are refused.
func paramsFromURL(rawQuery string) (*graphql.RawParams, *requestError) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, badRequest("", "the URL's query string is malformed: %v", err)
	}
	for k, vs := range q {
		if !utf8.ValidString(k) {
			return nil, badRequest("", "a URL parameter name is not valid UTF-8 once percent-decoded (byte %d of %q)", invalidUTF8([]byte(k)), k)
		}
		for _, v := range vs {
			if i := invalidUTF8([]byte(v)); i >= 0 {
				return nil, badRequest(fieldFor(k), "the URL parameter %q is not valid UTF-8 once percent-decoded (byte %d of its value)", k, i)
			}
		}
	}
	for _, name := range params {
		if n := len(q[name]); n > 1 {
			return nil, badRequest(name, "the URL has %d %q parameters: send each parameter once", n, name)
		}
	}
	p := &graphql.RawParams{Query: q.Get(paramQuery), OperationName: q.Get(paramOperationName)}
	var rerr *requestError
	for _, o := range []struct {
		name string
		dst  *map[string]any
	}{{paramVariables, &p.Variables}, {paramExtensions, &p.Extensions}} {
		v := strings.Trim(q.Get(o.name), " \t\r\n")
		if v == "" {
			continue
		}
		if !json.Valid([]byte(v)) {
			return nil, badRequest(o.name, "the URL parameter %q must be a JSON object, such as {\"key\":\"cpas\"}: its value is not JSON", o.name)
		}
		if _, err := scanObject([]byte(v)); err != nil {
			var dup *duplicateError
			if errors.As(err, &dup) {
				return nil, badRequest(o.name, "the URL parameter %q has the member %q twice: a JSON object must not repeat a name", o.name, strings.Join(dup.path, "."))
			}
		}
		if s := loneSurrogate([]byte(v)); s != "" {
			return nil, badRequest(o.name, "the URL parameter %q holds %s, half of a UTF-16 surrogate pair, which is not a character", o.name, s)
		}
		if *o.dst, rerr = objectParam(o.name, []byte(v)); rerr != nil {
			return nil, rerr
		}
	}
	if p.Query == "" {
		return nil, noQuery()
	}
	return p, nil
}

func noQuery() *requestError {
	return badRequest(paramQuery, "the request has no %q: send the GraphQL document, as in {\"query\": \"{ domains { key } }\"}", paramQuery)
}

// fieldFor is the extensions.field of an error about the member or URL
// parameter name: the name when it is a request parameter.
func fieldFor(name string) string {
	for _, p := range params {
		if name == p {
			return p
		}
	}
	return ""
}

// stringParam decodes a parameter that is a string; null or absent is "".
func stringParam(name string, raw []byte) (string, *requestError) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", badRequest(name, "the request's %q must be a string, not %s", name, jsonKind(raw))
	}
	return s, nil
}

// objectParam decodes a parameter that is a JSON object; null or absent is
// nil. Numbers stay json.Number, as gqlgen expects, so that a large Int is
// not rounded through float64.
func objectParam(name string, raw []byte) (map[string]any, *requestError) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '{' {
		return nil, badRequest(name, "the request's %q must be a JSON object, not %s", name, jsonKind(raw))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, badRequest(name, "the request's %q must be a JSON object", name)
	}
	return m, nil
}

// jsonKind names the kind of a JSON value, for messages.
func jsonKind(raw []byte) string {
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// member is a member of a JSON object: its name, and where its value lies
// in the object's text (from just after the name, so including the colon).
type member struct {
	name       string
	start, end int64
}

// duplicateError is a JSON object, at path, that repeats a member name.
type duplicateError struct{ path []string }

func (e *duplicateError) Error() string { return "duplicate member " + strings.Join(e.path, ".") }

// scanObject checks that data is one JSON object in which no object, at any
// depth, repeats a member name, and returns its top-level members in order.
// It walks with an explicit stack, so a deeply nested body costs memory in
// proportion to its size, not goroutine stack.
func scanObject(data []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	type frame struct {
		seen map[string]bool // nil in an array
		path []string
		n    int // index of the next element of an array
	}
	stack := []frame{{seen: map[string]bool{}}}
	var top []member
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if !dec.More() {
			if _, err := dec.Token(); err != nil { // the closing delimiter
				return nil, err
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 1 {
				top[len(top)-1].end = dec.InputOffset()
			}
			continue
		}
		var path []string
		if f.seen != nil {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			name, _ := tok.(string)
			path = append(append(path, f.path...), name)
			if f.seen[name] {
				return nil, &duplicateError{path: path}
			}
			f.seen[name] = true
			if len(stack) == 1 {
				top = append(top, member{name: name, start: dec.InputOffset()})
			}
		} else {
			path = append(append(path, f.path...), strconv.Itoa(f.n))
			f.n++
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{seen: map[string]bool{}, path: path})
		case json.Delim('['):
			stack = append(stack, frame{path: path})
		default:
			if len(stack) == 1 {
				top[len(top)-1].end = dec.InputOffset()
			}
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value")
	}
	return top, nil
}

// invalidUTF8 returns the offset of the first byte of b that is not valid
// UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// loneSurrogate returns the first \uXXXX escape of the JSON text b that is
// half of a UTF-16 surrogate pair without its other half (Go decodes it as
// U+FFFD), or "".
func loneSurrogate(b []byte) string {
	hex := func(i int) (rune, bool) {
		if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16)
		return rune(v), err == nil
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		r, ok := hex(i)
		if !ok {
			i++ // an escape such as \\ or \"
			continue
		}
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if lo, ok := hex(i + 6); ok && lo >= 0xDC00 && lo < 0xE000 {
				i += 11
				continue
			}
			return string(b[i : i+6])
		case r >= 0xDC00 && r < 0xE000:
			return string(b[i : i+6])
		}
		i += 5
	}
	return ""
}
