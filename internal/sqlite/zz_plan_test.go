package sqlite_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

func explain(t *testing.T, db *sql.DB, q string, args ...any) {
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		rows.Scan(&id, &parent, &notused, &detail)
		out = append(out, fmt.Sprintf("%d<-%d %s", id, parent, detail))
	}
	t.Logf("%s\n  %s", strings.Fields(q)[0:3], strings.Join(out, "\n  "))
}

func TestProbePlan(t *testing.T) {
	p := storeFile(t, "S")
	db, err := sql.Open("sqlite", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	explain(t, db, `WITH mine AS (
			SELECT a.org_key AS org, a.partnership_key AS pk, a.role AS role,
				p.kind = 'adhesion' AND EXISTS (SELECT 1 FROM parties n WHERE n.partnership_key = a.partnership_key AND n.role = ?2) AS membership
			FROM parties a JOIN partnerships p ON p.key = a.partnership_key
			WHERE a.org_key IN (SELECT value FROM json_each(?1)))
		SELECT mine.org, b.org_key FROM mine
			JOIN parties b ON b.partnership_key = mine.pk AND b.org_key <> mine.org
			WHERE NOT mine.membership OR mine.role = ?2
		UNION
		SELECT mine.org, b.org_key FROM mine
			JOIN parties b ON b.partnership_key = mine.pk AND b.role = ?2 AND b.org_key <> mine.org
			WHERE mine.membership AND mine.role <> ?2
		ORDER BY 1, 2`, `["a"]`, "reseau")
	explain(t, db, `SELECT a.org_key, b.org_key FROM parties a JOIN parties b ON b.partnership_key = a.partnership_key WHERE a.org_key IN (SELECT value FROM json_each(?))`, `["a"]`)
	explain(t, db, `SELECT o.key FROM organisations o WHERE o.key IN (SELECT value FROM json_each(?))`, `["a"]`)
	explain(t, db, `SELECT count(*) FROM organisations o WHERE o.key IN (SELECT org_key FROM organisation_domains WHERE domain_key IN (SELECT value FROM json_each(?)))`, `["a"]`)
	explain(t, db, `SELECT o.key FROM organisations o WHERE o.key IN (SELECT org_key FROM organisation_domains WHERE domain_key IN (SELECT value FROM json_each(?))) ORDER BY o.name_fold, o.key LIMIT 50`, `["a"]`)
}
