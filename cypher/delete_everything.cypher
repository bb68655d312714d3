// Test support only: empties the database between contract tests. Schema
// (constraints, indexes) stays.
MATCH (n)
DETACH DELETE n
