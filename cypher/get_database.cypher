// The name of the database this session reaches: the server's default when
// NEO4J_DATABASE is empty. Open names it in every transaction afterwards.
CALL db.info() YIELD name
RETURN name
