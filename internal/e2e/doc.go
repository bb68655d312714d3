// Package e2e holds end-to-end tests that run the program's layers together
// and belong to no one of them: the GraphQL API over both stores compared
// answer for answer (TestGraphQLParity), and the Cypher statements a GraphQL
// query costs on the Neo4j store (TestGraphQLStatementCount). Both run the
// Neo4j store over the in-memory model of its cypher files
// (internal/neo4j/neo4jtest), and the parity test against a Neo4j server
// too when NEO4J_URI is set. It has no code of its own.
package e2e
