package graph

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/99designs/gqlgen/graphql"

	"github.com/reseau-bxl/reseau/graph/model"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Page sizes: a list answers DefaultFirst items unless asked, never more than MaxFirst.
const (
	DefaultFirst = 50
	MaxFirst     = 500
)

// limit checks a `first` argument.
func limit(first *int, def int) (int, error) {
	if first == nil {
		return def, nil
	}
	if *first < 0 || *first > MaxFirst {
		return 0, reseau.FieldErrorf("first", "must be between 0 and %d, got %d", MaxFirst, *first)
	}
	return *first, nil
}

// A cursor is the base64url of an item's offset (a uvarint) followed by a
// tag: the first bytes of a SHA-256 over the list's scope (its field, order
// and filter) and the offset. A cursor given to another list, order or
// filter, or edited, fails its tag and is refused: an offset read in another
// list would page silently through the wrong items. The tag is a check, not
// a secret (offsets are no secret: any client can page to any of them).
const cursorTagLen = 6

// listScope names a list as its cursors are bound to it: the query field,
// the store order and the store filter.
func listScope(field, orderBy string, desc bool, filter any) string {
	return fmt.Sprintf("%s\x00%s\x00%t\x00%#v", field, orderBy, desc, filter)
}

func cursorTag(scope string, i int) []byte {
	h := sha256.New()
	h.Write([]byte(scope))
	h.Write(binary.AppendUvarint(nil, uint64(i)))
	return h.Sum(nil)[:cursorTagLen]
}

// cursor is the opaque cursor of the item at offset i of the list scope names.
func cursor(scope string, i int) string {
	b := binary.AppendUvarint(nil, uint64(i))
	return base64.RawURLEncoding.EncodeToString(append(b, cursorTag(scope, i)...))
}

// cursorOffset reads a cursor of the list scope names.
func cursorOffset(scope, c string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	i, n := binary.Uvarint(b)
	if err != nil || n <= 0 || len(b) != n+cursorTagLen || i > math.MaxInt32 {
		return 0, reseau.FieldErrorf("after", "%q is not a cursor: give the endCursor of a page of this list", c)
	}
	if !hmac.Equal(b[n:], cursorTag(scope, int(i))) {
		return 0, reseau.FieldErrorf("after", "%q is a cursor of another list, order or filter: ask this list again without after, or with a cursor it answered", c)
	}
	return int(i), nil
}

// pageArgs is a store page request; count marks `first: 0`; scope names the
// list for its cursors.
type pageArgs struct {
	reseau.ListOptions
	count bool
	scope string
}

// listOptions turns Relay arguments of the list field, read with filter (the
// store's), into a store page: after is the cursor of the last item seen. A
// store reads Limit 0 as "no limit", so `first: 0` (a count) asks the store
// for one item, which connection drops.
func listOptions(field string, filter any, first *int, after *string, orderBy string, desc bool) (pageArgs, error) {
	n, err := limit(first, DefaultFirst)
	if err != nil {
		return pageArgs{}, err
	}
	o := pageArgs{ListOptions: reseau.ListOptions{Limit: max(n, 1), OrderBy: orderBy, Desc: desc}, count: n == 0,
		scope: listScope(field, orderBy, desc, filter)}
	if after != nil && *after != "" {
		i, err := cursorOffset(o.scope, *after)
		if err != nil {
			return pageArgs{}, err
		}
		o.Offset = i + 1
	}
	return o, nil
}

// countAsked reports whether the connection a list resolver answers is
// asked its totalCount or its pageInfo (hasNextPage is read from the
// count): a list asked only its nodes or edges skips the count.
func countAsked(ctx context.Context) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		switch f.Name {
		case "totalCount", "pageInfo":
			return true
		}
	}
	return false
}

// countOnly makes o a count when no node of the list is asked (only
// totalCount): the store then reads one row, not a page, as for `first: 0`.
func (o *pageArgs) countOnly(only bool) {
	if only {
		o.Limit, o.count = 1, true
	}
}

// nodesAsked reports whether the connection being resolved selects its
// items (nodes, edges) or its page info, which needs them.
func nodesAsked(ctx context.Context) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		switch f.Name {
		case "nodes", "edges", "pageInfo":
			return true
		}
	}
	return false
}

// connection builds the edges and page info of a store page read with o.
// A zero limit still answers the total count, so `first: 0` counts.
func connection[T any, E any](p *reseau.Page[T], o pageArgs, edge func(cursor string, node T) E) ([]E, *model.PageInfo) {
	if o.count {
		p.Items = p.Items[:0]
	}
	edges := make([]E, len(p.Items))
	for i, n := range p.Items {
		edges[i] = edge(cursor(o.scope, o.Offset+i), n)
	}
	info := &model.PageInfo{
		HasPreviousPage: o.Offset > 0,
		HasNextPage:     o.Offset+len(p.Items) < p.TotalCount,
	}
	if len(p.Items) > 0 {
		start, end := cursor(o.scope, o.Offset), cursor(o.scope, o.Offset+len(p.Items)-1)
		info.StartCursor, info.EndCursor = &start, &end
	}
	return edges, info
}

// orderField maps a GraphQL order field (NAME, START_DATE...) to the store's.
func orderField(f string) string {
	switch f {
	case "NAME":
		return reseau.OrderName
	case "TITLE":
		return reseau.OrderTitle
	case "START_DATE":
		return reseau.OrderStartDate
	case "KEY":
		return reseau.OrderKey
	}
	return ""
}
