package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/reseau-bxl/reseau/graph"
	"github.com/reseau-bxl/reseau/graph/generated"
	"github.com/reseau-bxl/reseau/internal/analytics"
	"github.com/reseau-bxl/reseau/internal/loaders"
	"github.com/reseau-bxl/reseau/internal/reseau"
	"github.com/reseau-bxl/reseau/internal/sqlite/sqlitetest"
)

// TestOnePassAnswersAsTheExecutor asks the same queries of the executor
// alone and of the executor behind OnePass, over the demo in a real SQLite
// file: the answers are the same bytes. The queries OnePass knows are
// answered by it (no field reaches the executor); the others, and the ones
// with an error, are handed to the executor.
func TestOnePassAnswersAsTheExecutor(t *testing.T) {
	s := sqlitetest.Demo(t)
	r := &graph.Resolver{Store: s}
	serve := func(onePass bool) (http.Handler, *atomic.Int64) {
		srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: r}))
		srv.AddTransport(transport.POST{})
		srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
			return next(loaders.NewContext(ctx, loaders.New(s)))
		})
		var fields atomic.Int64
		srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
			fields.Add(1)
			return next(ctx)
		})
		if onePass {
			srv.AroundRootFields(graph.OnePass(r))
		}
		return srv, &fields
	}
	plain, _ := serve(false)
	fast, executed := serve(true)
	ask := func(h http.Handler, q string, vars map[string]any) []byte {
		body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Body.Bytes()
	}
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		onePass     bool
	}{
		{"nested", `{ organisations(first: 50, orderBy: {field: KEY}) { nodes { key name sector domains { key labelFr } collaborators(first: 500) { organisation { key name sector } weight } partners { key name } } } }`, nil, true},
		{"dashboard", `{ organisations(first: 20) { totalCount __typename nodes { id key name shortName sector domains { id key labelFr labelNl __typename } collaborators { weight organisation { key name domains { key } } } partners { key name sector partners { key } } } } }`, nil, true},
		{"aliases, variables, skip", `query($n: Int, $s: Date, $no: Boolean!) { list: organisations(first: $n, orderBy: {field: NAME, direction: DESC}) { count: totalCount nodes { k: key name @skip(if: $no) ties: collaborators(first: 3, since: $s) { w: weight o: organisation { key } } } } }`, map[string]any{"n": 7, "s": "2020", "no": true}, true},
		{"fragments", `{ organisations(first: 5) { ...c } } fragment c on OrganisationConnection { nodes { ...o collaborators(first: 2) { organisation { ...o } } } } fragment o on Organisation { key sector }`, nil, true},
		{"aliases of one field", `{ organisations(first: 10) { nodes { a: collaborators(first: 2) { organisation { key } o: organisation { name sector } } b: collaborators(first: 1) { weight } } } }`, nil, true},
		{"collaborations", `{ collaborations(first: 50, orderBy: {field: KEY}) { nodes { key kind title startDate endDate participants { role organisation { key name sector } } } } }`, nil, true},
		{"collaborations, all it answers", `{ collaborations(first: 30, orderBy: {field: START_DATE, direction: DESC}) { totalCount __typename nodes { __typename id key kind title status startDate endDate domains { key labelNl } participants { __typename role organisation { key collaborators(first: 2) { weight } } o2: organisation { name } } } } }`, nil, true},
		{"people", `{ people(first: 50, orderBy: {field: KEY}) { nodes { key name email memberships { role since until organisation { key name sector } } } } }`, nil, true},
		{"people, all it answers", `{ people(first: 40) { totalCount nodes { __typename id key name email phone memberships { __typename role since until organisation { id partners { key } } } } } }`, nil, true},
		{"people with a role", `{ people(first: 5) { nodes { key role } } }`, nil, false},
		{"collaborations with people", `{ collaborations(first: 5) { nodes { key people { role } } } }`, nil, false},
		{"a page after a cursor", `{ organisations(first: 3, after: "AQsB3VX2Fg") { nodes { key } } }`, nil, false},
		{"a count only", `{ organisations(first: 0) { totalCount nodes { key } } }`, nil, true},
		{"a field it does not answer", `{ organisations(first: 5) { nodes { key children { key } } } }`, nil, false},
		{"pageInfo", `{ organisations(first: 5) { pageInfo { hasNextPage } nodes { key } } }`, nil, false},
		{"a filter", `{ organisations(first: 5, filter: {sectors: [CPAS]}) { nodes { key } } }`, nil, false},
		{"first out of range", `{ organisations(first: 501) { nodes { key } } }`, nil, false},
		{"collaborators out of range", `{ organisations(first: 2) { nodes { key collaborators(first: -1) { weight } } } }`, nil, false},
		{"the organisation scope said", `{ organisations(first: 5) { nodes { key collaborators(scope: ORGANISATION) { weight } partners(scope: ORGANISATION) { key } } } }`, nil, true},
		{"the institution scope", `{ organisations(first: 5, orderBy: {field: KEY}) { nodes { key collaborators(scope: INSTITUTION) { weight organisation { key } } } } }`, nil, false},
		{"partners at the institution scope", `query($s: Scope) { organisations(first: 5) { nodes { key partners(scope: $s) { key } } } }`, map[string]any{"s": "INSTITUTION"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := ask(plain, tc.query, tc.vars)
			executed.Store(0)
			got := ask(fast, tc.query, tc.vars)
			if !bytes.Equal(got, want) {
				t.Errorf("OnePass answered\n%.600s\nthe executor\n%.600s", got, want)
			}
			if answered := executed.Load() == 0; answered != tc.onePass {
				t.Errorf("answered by OnePass: %v, want %v (%d fields executed)", answered, tc.onePass, executed.Load())
			}
			if tc.onePass && (strings.Contains(string(want), `"errors"`) || len(want) < 50) {
				t.Errorf("the executor's answer is an error or empty: %s", want)
			}
		})
	}
}

// TestOnePassNetworkAsTheExecutor asks network views of the demo (every
// field, each filter, variables, aliases, fragments) of the executor alone
// and behind OnePass, over a real SQLite file and the analytics engine: the
// same bytes; OnePass answers them without the executor (no field
// executed), and hands over the ones it does not know or that fail.
func TestOnePassNetworkAsTheExecutor(t *testing.T) {
	s := sqlitetest.Demo(t)
	r := &graph.Resolver{Store: s, Analytics: analytics.NewEngine(s)}
	serve := func(onePass bool) (http.Handler, *atomic.Int64) {
		srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: r}))
		srv.AddTransport(transport.POST{})
		srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
			return next(loaders.NewContext(reseau.WithCaller(ctx, reseau.System), loaders.New(s)))
		})
		var fields atomic.Int64
		srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
			fields.Add(1)
			return next(ctx)
		})
		if onePass {
			srv.AroundRootFields(graph.OnePass(r))
		}
		return srv, &fields
	}
	plain, _ := serve(false)
	fast, executed := serve(true)
	ask := func(h http.Handler, q string, vars map[string]any) []byte {
		body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Body.Bytes()
	}
	const every = `__typename exact nodes { __typename id key type label size sector domains start end degree betweenness closeness community }
		edges { __typename id source target kind weight start end spells { __typename start end } }`
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		onePass     bool // false: handed over to the executor
	}{
		{"the whole view", `{ network { nodes { id label sector community } edges { source target weight } } }`, nil, true},
		{"every field, every node type", `{ network(filter: {types: [PERSON, COLLABORATION, PARTNERSHIP]}) { ` + every + ` } }`, nil, true},
		{"filters", `{ network(filter: {sectors: [ASSOCIATIF, CPAS], since: "2015", until: "2023-06", minWeight: 2, topTies: 3, ties: COLLABORATION}) { ` + every + ` } }`, nil, true},
		{"by community", `{ network(filter: {byCommunity: true, types: PERSON}) { ` + every + ` } }`, nil, true},
		{"the institution scope", `{ network(filter: {scope: INSTITUTION, minWeight: 2}) { ` + every + ` } }`, nil, true},
		{"a centre and its depth", `{ network(filter: {centre: "le-meridien", depth: 2, domains: ["sante-mentale"]}) { nodes { key } edges { id } } }`, nil, true},
		{"variables, aliases, fragments, skip", `query($f: NetworkFilter, $no: Boolean!) { v: network(filter: $f) { ...n e: edges { w: weight s: spells @skip(if: $no) { start } } } } fragment n on Network { nodes { k: key betweenness } }`,
			map[string]any{"f": map[string]any{"types": []any{"COLLABORATION"}, "minWeight": 2, "depth": nil}, "no": false}, true},
		{"an unknown centre", `{ network(filter: {centre: "nowhere"}) { nodes { key } } }`, nil, false},
		// Refused as the filter is read, before any field runs (either way).
		{"a bad date", `{ network(filter: {since: "hier"}) { nodes { key } } }`, nil, false},
		{"a negative topTies", `{ network(filter: {topTies: -1}) { nodes { key } } }`, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := ask(plain, tc.query, tc.vars)
			executed.Store(0)
			got := ask(fast, tc.query, tc.vars)
			if !bytes.Equal(got, want) {
				t.Errorf("OnePass answered\n%.600s\nthe executor\n%.600s", got, want)
			}
			if answered := executed.Load() == 0; answered != tc.onePass && !(!tc.onePass && strings.Contains(string(want), `"errors"`)) {
				t.Errorf("answered by OnePass: %v, want %v (%d fields executed)", answered, tc.onePass, executed.Load())
			}
			if tc.onePass && (strings.Contains(string(want), `"errors"`) || len(want) < 50) {
				t.Errorf("the executor's answer is an error or empty: %.300s", want)
			}
		})
	}
}
