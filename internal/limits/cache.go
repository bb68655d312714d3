package limits

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
)

// MaxCachedQuery is the longest document kept in the query cache. A valid
// document within the token limit can still be nearly MaxBody long (one long
// string literal), and a cache of 1000 of those would hold a gigabyte.
const MaxCachedQuery = 16 << 10

// QueryCache returns gqlgen's LRU cache of parsed and validated documents,
// holding at most size documents of at most MaxCachedQuery bytes each.
func QueryCache(size int) graphql.Cache[*ast.QueryDocument] {
	return boundedCache{lru.New[*ast.QueryDocument](size)}
}

type boundedCache struct {
	graphql.Cache[*ast.QueryDocument]
}

// Add implements graphql.Cache, leaving long documents out.
func (c boundedCache) Add(ctx context.Context, key string, doc *ast.QueryDocument) {
	if len(key) <= MaxCachedQuery {
		c.Cache.Add(ctx, key, doc)
	}
}
