// find_organisations, started from index seeks instead of a scan of the
// label. Go fills one $seek… list, from the first filter that names keys
// (keys, then parents for children, then domains), and leaves the others
// empty: the other branches unwind nothing. The WHERE below is
// find_organisations's whole filter, the seeded one included.
// One round trip: the filter runs once; the total counts what it keeps (0
// when the caller needs none: $count, ListOptions.SkipCount), and the page
// is the top $offset + $limit of those, sorted (ties by key).
// Each item carries its sortKey: Go sorts the page again (see findPage),
// since only the order of rows, not of a collect()ed list, is guaranteed.
CALL () {
  UNWIND $seekKeys AS k
  MATCH (o:Organisation {key: k})
  RETURN o
  UNION
  UNWIND $seekParents AS k
  MATCH (:Organisation {key: k})<-[:PART_OF]-(o:Organisation)
  RETURN o
  UNION
  UNWIND $seekDomains AS k
  MATCH (:Domain {key: k})<-[:ACTIVE_IN]-(o:Organisation)
  RETURN o
}
WITH o
WHERE (size($keys) = 0 OR o.key IN $keys)
  AND (size($sectors) = 0 OR o.sector IN $sectors)
  AND ($commune IS NULL OR coalesce(o.communeFold, '') = $commune OR $commune IN coalesce(o.addressCommunes, []))
  AND ($postcode = '' OR $postcode IN coalesce(o.postcodes, []))
  AND ($language = '' OR $language IN coalesce(o.languages, []))
  AND ($openOn = '' OR any(h IN coalesce(o.openingHours, []) WHERE substring(h, 0, 2) = $openOn
        AND ($openAt = '' OR (substring(h, 3, 5) <= $openAt AND substring(h, 9, 5) > $openAt))))
  AND ($text = '' OR o.fold CONTAINS $text)
  AND (size($domains) = 0 OR EXISTS { (o)-[:ACTIVE_IN]->(d:Domain) WHERE d.key IN $domains })
  AND (size($parents) = 0 OR EXISTS { (o)-[:PART_OF]->(p:Organisation) WHERE p.key IN $parents })
  AND NOT o.key IN $exceptKeys
WITH collect(o) AS matched
CALL (matched) {
  UNWIND matched AS o
  WITH o, CASE WHEN $byKey THEN o.key ELSE o.sortName END AS sortKey
  ORDER BY CASE WHEN $desc THEN null ELSE sortKey END ASC, CASE WHEN $desc THEN sortKey END DESC,
    CASE WHEN $desc THEN null ELSE o.key END ASC, CASE WHEN $desc THEN o.key END DESC
  SKIP $offset LIMIT $limit
  RETURN collect(o {
    sortKey: sortKey,
    .key, .name, .shortName, .sector, .commune, .languages, .aliases,
    .nameFr, .nameNl, .descriptionFr, .descriptionNl, .website, .emails, .phones, .addresses, .schedules,
    .hoursNoteFr, .hoursNoteNl, .eligibilityFr, .eligibilityNl, .accessFr, .accessNl, .costFr, .costNl,
    .identifiers, .services,
    parent: head([(o)-[:PART_OF]->(p:Organisation) | p.key]),
    domains: [(o)-[r:ACTIVE_IN]->(d:Domain) | {key: d.key, position: r.position}]
  }) AS items
}
RETURN CASE WHEN $count THEN size(matched) ELSE 0 END AS total, items
