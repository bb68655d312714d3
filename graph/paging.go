package graph

import (
	"encoding/base64"
	"strconv"
	"strings"

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

// cursor is the opaque cursor of the item at offset i of a list.
func cursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("cursor:" + strconv.Itoa(i)))
}

// pageArgs is a store page request; count marks `first: 0`.
type pageArgs struct {
	reseau.ListOptions
	count bool
}

// listOptions turns Relay arguments into a store page: after is the cursor of
// the last item seen. A store reads Limit 0 as "no limit", so `first: 0`
// (a count) asks the store for one item, which connection drops.
func listOptions(first *int, after *string, orderBy string, desc bool) (pageArgs, error) {
	n, err := limit(first, DefaultFirst)
	if err != nil {
		return pageArgs{}, err
	}
	o := pageArgs{ListOptions: reseau.ListOptions{Limit: max(n, 1), OrderBy: orderBy, Desc: desc}, count: n == 0}
	if after != nil && *after != "" {
		b, err := base64.RawURLEncoding.DecodeString(*after)
		s, ok := strings.CutPrefix(string(b), "cursor:")
		i, err2 := strconv.Atoi(s)
		if err != nil || !ok || err2 != nil || i < 0 {
			return pageArgs{}, reseau.FieldErrorf("after", "%q is not a cursor of this list", *after)
		}
		o.Offset = i + 1
	}
	return o, nil
}

// connection builds the edges and page info of a store page read with o.
// A zero limit still answers the total count, so `first: 0` counts.
func connection[T any, E any](p *reseau.Page[T], o pageArgs, edge func(cursor string, node T) E) ([]E, *model.PageInfo) {
	if o.count {
		p.Items = p.Items[:0]
	}
	edges := make([]E, len(p.Items))
	for i, n := range p.Items {
		edges[i] = edge(cursor(o.Offset+i), n)
	}
	info := &model.PageInfo{
		HasPreviousPage: o.Offset > 0,
		HasNextPage:     o.Offset+len(p.Items) < p.TotalCount,
	}
	if len(p.Items) > 0 {
		start, end := cursor(o.Offset), cursor(o.Offset+len(p.Items)-1)
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
