package httpserver

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Media types of a GraphQL answer (GraphQL over HTTP, "Media Types").
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport answers GraphQL over HTTP, GET and POST, as the GraphQL over
// HTTP specification asks (the graphql-http audit, .ci/graphql-http, checks
// it):
//
//   - the answer is application/graphql-response+json when the client
//     prefers it in Accept, application/json otherwise (no Accept, */*,
//     application/*, or only types we cannot send);
//   - a request that is not well formed (a body that is not one JSON object
//     of the expected parameters, a parameter of the wrong type, a name
//     given twice, invalid UTF-8, no query) is 400 BAD_REQUEST with
//     extensions.field naming the parameter, before any GraphQL work;
//   - a request error of GraphQL (parse, validation, variables, the limits)
//     has no "data" entry and is 200 in application/json, 400 in
//     application/graphql-response+json (500 or 503 when the error is ours);
//   - an executed operation is 200, with its data and field errors.
//
// gqlgen's own GET and POST transports answer 422 to application/json, turn
// invalid UTF-8 into U+FFFD, keep the last of two "query" members and speak
// of Go struct fields in their errors.
type httpTransport struct{}

var _ graphql.Transport = httpTransport{}

// Supports implements graphql.Transport: GET, and POST of application/json
// (limits.Guard refuses other bodies first, with 415).
func (httpTransport) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" {
		return false
	}
	if r.Method == http.MethodGet {
		return true
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return r.Method == http.MethodPost && err == nil && mt == mediaJSON
}

// Do implements graphql.Transport.
func (httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	var params *graphql.RawParams
	var rerr *requestError
	if r.Method == http.MethodGet {
		params, rerr = paramsFromURL(r.URL.RawQuery)
	} else if body, err := io.ReadAll(r.Body); err != nil {
		rerr = badRequest("", "could not read the request body")
	} else {
		params, rerr = paramsFromBody(body)
	}
	if rerr != nil {
		httperr.WriteField(w, httperr.CodeBadRequest, rerr.field, rerr.msg)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	media := responseMediaType(r.Header.Values("Accept"))
	ctx := r.Context()
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		if opCtx.Doc != nil && opCtx.Operation == nil {
			errs = gqlerror.List{unknownOperation(opCtx.Doc, params.OperationName)}
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		// A request error has no "data" entry, not even null (GraphQL
		// spec, "Response Format").
		writeAnswer(w, media, requestErrorStatus(media, resp.Errors), struct {
			Errors     gqlerror.List  `json:"errors"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions})
		return
	}
	if r.Method == http.MethodGet && opCtx.Operation.Operation != ast.Query {
		// limits.Guard refuses these first; this holds without it too.
		w.Header().Set("Allow", "POST")
		httperr.Write(w, httperr.CodeMethodNotAllowed, "mutations and subscriptions must be sent with POST")
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	if resp == nil {
		resp = &graphql.Response{}
	}
	writeResponse(w, media, resp)
}

// writeResponse writes an operation's answer. An answer with data and no
// errors (most of them, and the large ones) is written around its data as
// they are: json.Marshal would re-read the whole data to validate and compact
// it, a fifth of the CPU of a megabyte dashboard answer. The data is escaped
// as json.Marshal escapes it (<, >, &, U+2028, U+2029), so the bytes are the
// same (TestWriteResponseAsMarshal), and written as it is escaped, without a
// copy of the whole answer (a megabyte per request in flight at scale M).
func writeResponse(w http.ResponseWriter, media string, resp *graphql.Response) {
	if len(resp.Errors) > 0 || len(resp.Data) == 0 || resp.Label != "" || resp.Path != nil || resp.HasNext != nil {
		writeAnswer(w, media, http.StatusOK, resp)
		return
	}
	var ext []byte
	if len(resp.Extensions) > 0 {
		var err error
		if ext, err = json.Marshal(resp.Extensions); err != nil {
			writeAnswer(w, media, http.StatusOK, resp)
			return
		}
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, `{"data":`)
	if writeHTMLEscaped(w, resp.Data) != nil {
		return // the client left
	}
	if ext != nil {
		_, _ = io.WriteString(w, `,"extensions":`)
		_, _ = w.Write(ext)
	}
	_, _ = io.WriteString(w, "}")
}

// writeHTMLEscaped writes src to w as json.HTMLEscape would have written it
// to a buffer: <, > and & as \u003c, \u003e and \u0026, U+2028 and U+2029 as
// \u2028 and \u2029; the runs between them as they are.
func writeHTMLEscaped(w io.Writer, src []byte) error {
	const hex = "0123456789abcdef"
	var esc [6]byte // out of the loop: it escapes, and is allocated once
	start := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '<' || c == '>' || c == '&':
			esc = [6]byte{'\\', 'u', '0', '0', hex[c>>4], hex[c&0xF]}
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8:
			esc = [6]byte{'\\', 'u', '2', '0', '2', hex[src[i+2]&0xF]}
		default:
			continue
		}
		if start < i {
			if _, err := w.Write(src[start:i]); err != nil {
				return err
			}
		}
		if _, err := w.Write(esc[:]); err != nil {
			return err
		}
		if c == 0xE2 {
			i += 2
		}
		start = i + 1
	}
	_, err := w.Write(src[start:])
	return err
}

// writeAnswer writes v as JSON in media, with status.
func writeAnswer(w http.ResponseWriter, media string, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		httperr.Write(w, reseau.EINTERNAL, "internal error: the answer could not be encoded")
		return
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// requestErrorStatus is the status of an answer without data: 200 in
// application/json (the spec's SHOULD, so that legacy clients read the
// errors), 400 in application/graphql-response+json, where an answer
// without data must not be 2xx; 500 or 503 there when the fault is ours.
func requestErrorStatus(media string, errs gqlerror.List) int {
	if media != mediaGraphQLResponse {
		return http.StatusOK
	}
	for _, e := range errs {
		switch e.Extensions["code"] {
		case reseau.EINTERNAL:
			return http.StatusInternalServerError
		case reseau.EUNAVAILABLE:
			return http.StatusServiceUnavailable
		}
	}
	return http.StatusBadRequest
}

// responseMediaType chooses the answer's media type from the Accept header:
// the acceptable type of highest quality, application/graphql-response+json
// on a tie with application/json, and application/json for a wildcard, no
// Accept, or nothing we can send (the spec lets a server disregard Accept
// rather than answer 406).
func responseMediaType(accept []string) string {
	best, bestQ, bestRank := mediaJSON, -1.0, 0
	for _, header := range accept {
		for part := range strings.SplitSeq(header, ",") {
			mt, p, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := p["q"]; ok {
				if q, err = strconv.ParseFloat(s, 64); err != nil {
					continue
				}
			}
			var media string
			var rank int // the more specific wins a tie
			switch mt {
			case mediaGraphQLResponse:
				media, rank = mediaGraphQLResponse, 3
			case mediaJSON:
				media, rank = mediaJSON, 2
			case "application/*", "*/*":
				media, rank = mediaJSON, 1
			default:
				continue
			}
			if q > 0 && (q > bestQ || q == bestQ && rank > bestRank) {
				best, bestQ, bestRank = media, q, rank
			}
		}
	}
	return best
}

// unknownOperation explains why no operation of doc was chosen: gqlgen says
// "operation  not found" both when operationName is missing from a
// document of several operations and when it names none of them.
func unknownOperation(doc *ast.QueryDocument, name string) *gqlerror.Error {
	names := make([]string, 0, len(doc.Operations))
	for i, op := range doc.Operations {
		if i == 10 {
			names = append(names, "…")
			break
		}
		if op.Name == "" {
			names = append(names, "an anonymous one")
		} else {
			names = append(names, op.Name)
		}
	}
	var err *gqlerror.Error
	if name == "" {
		err = gqlerror.Errorf("the document has %d operations (%s): name the one to run with operationName", len(doc.Operations), strings.Join(names, ", "))
	} else {
		err = gqlerror.Errorf("the document has no operation named %q (it has %s)", name, strings.Join(names, ", "))
	}
	errcode.Set(err, errcode.ValidationFailed)
	err.Extensions["field"] = paramOperationName
	return err
}
