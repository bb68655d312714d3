// The constraints the database holds, whatever their names: Migrate checks
// that every uniqueness constraint of migrate_schema is among them.
SHOW CONSTRAINTS YIELD type, entityType, labelsOrTypes, properties
RETURN type, entityType, labelsOrTypes, properties
