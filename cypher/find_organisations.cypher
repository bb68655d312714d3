// The whole label, filtered: the page when no filter names keys; with keys
// to start from, Go runs seek_organisations instead (same filter and page).
// $exceptKeys are the organisations a notTiedTo filter leaves out
// (find_tied_organisations); a tiedTo filter comes as $keys.
// One round trip. The total counts what the filter keeps, only when the
// caller asks for it ($count; ListOptions.SkipCount): the filter then runs
// once more for it. The page is the top $offset + $limit of what the filter
// keeps, sorted (ties by key), kept as the rows stream by rather than
// collected whole first.
// Each item carries its sortKey: Go sorts the page again (see findPage),
// since only the order of rows, not of a collect()ed list, is guaranteed.
CALL () {
  WITH $count AS counting WHERE counting
  MATCH (o:Organisation)
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
  RETURN count(o) AS total
}
CALL () {
  MATCH (o:Organisation)
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
RETURN total, items
