// The map is a plain client of the public GraphQL API at /graphql (and of
// the network downloads at /export/): nothing here that a dashboard could
// not do. The token, when a viewer signs in, is kept in sessionStorage (this
// tab only, never localStorage, never a URL) and sent as a bearer token.
const TOKEN = 'reseau.token';

let token = null;
try {
  token = sessionStorage.getItem(TOKEN);
} catch {
  token = null;
}

export const session = {
  get token() {
    return token;
  },
  set(t) {
    token = t || null;
    try {
      if (token) sessionStorage.setItem(TOKEN, token);
      else sessionStorage.removeItem(TOKEN);
    } catch {
      // sessionStorage may be off: the token then lives in memory only.
    }
  },
};

// ApiError carries the API's extensions.code (NETWORK when the server
// could not be reached), for a translated message.
export class ApiError extends Error {
  constructor(code, message) {
    super(message || code);
    this.code = code || 'OTHER';
  }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  if (token) h.Authorization = 'Bearer ' + token;
  return h;
}

// gql runs one query; it answers data, or throws an ApiError with the code
// of the first error. allowPartial answers data even with errors (fields of
// the analytics are nullable).
export async function gql(query, variables = {}, { allowPartial = false } = {}) {
  let res;
  try {
    res = await fetch('graphql', {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new ApiError('NETWORK', e.message);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status >= 500 ? 'INTERNAL' : 'OTHER', res.statusText);
  }
  const err = body.errors && body.errors[0];
  if (err && !(allowPartial && body.data)) {
    throw new ApiError(err.extensions?.code || (res.status === 401 ? 'UNAUTHENTICATED' : 'OTHER'), err.message);
  }
  return body.data;
}

// download fetches a file with the caller's token and hands it to the
// browser under name.
export async function download(url, name) {
  let res;
  try {
    res = await fetch(url, { headers: headers() });
  } catch (e) {
    throw new ApiError('NETWORK', e.message);
  }
  if (!res.ok) {
    let code = 'OTHER';
    try {
      code = (await res.json()).errors?.[0]?.extensions?.code || code;
    } catch {
      // not JSON: keep OTHER
    }
    throw new ApiError(code);
  }
  saveBlob(await res.blob(), name);
}

// saveBlob hands a blob to the browser as a downloaded file.
export function saveBlob(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

// The queries. Each asks only what its view shows.
export const Q = {
  start: `query Start {
    domains { key labelFr labelNl labelEn }
    organisations(first: 1) { totalCount }
  }`,
  // The evolution at the map's scope: the filters' years and new ties, and
  // the timeline view's table.
  timeline: `query Timeline($scope: Scope) {
    timeline(scope: $scope) {
      year recorded newTies newCrossSectorTies collaborations lostTies
      ties organisations components density undatedTies
    }
  }`,
  network: `query Network($filter: NetworkFilter) {
    network(filter: $filter) {
      nodes { id key type label sector degree betweenness community }
      edges { source target kind weight }
    }
  }`,
  search: `query Search($text: String!, $types: [NodeType!], $first: Int) {
    search(text: $text, types: $types, first: $first) {
      score
      node { __typename ... on Organisation { key name shortName sector } ... on Person { key name role } }
    }
  }`,
  // At the INSTITUTION scope the card lists the ties of the institution
  // and of its services, each with the reasons naming the services.
  card: `query Card($key: String!, $people: Boolean!, $scope: Scope, $lang: Lang) {
    organisation(key: $key) {
      key name shortName sector commune aliases languages
      domains { key labelFr labelNl labelEn }
      nameFr nameNl descriptionFr descriptionNl website emails
      phones { number kind description }
      addresses { kind street number postcode commune }
      schedules { days opens closes validFrom validTo }
      hoursNoteFr hoursNoteNl eligibilityFr eligibilityNl accessFr accessNl costFr costNl
      identifiers { scheme value }
      services { key nameFr nameNl descriptionFr descriptionNl domains { key labelFr labelNl labelEn } eligibilityFr eligibilityNl }
      parent { key name }
      children { key name sector }
      collaborators(first: 200, scope: $scope) {
        organisation { key name sector }
        weight firstDate lastDate
        collaborations { key title kind startDate }
        reasons(lang: $lang)
      }
      partners(scope: $scope) { key name sector }
      partnerships { key title kind startDate parties { organisation { key } role } }
      people @include(if: $people) { key name role }
    }
  }`,
  path: `query Path($from: ID!, $to: ID!, $ties: [TieKind!], $scope: Scope, $lang: Lang) {
    organisationPath(from: $from, to: $to, ties: $ties, maxHops: 8, scope: $scope) {
      length
      organisations { key name sector }
      links { kind weight collaboration { title kind startDate } partnership { title kind startDate } explanations { text(lang: $lang) } }
    }
  }`,
  intro: `query Intro($from: ID!, $to: ID!) {
    introductionPath(from: $from, to: $to, maxHops: 6) {
      length
      people { key name role memberships { organisation { key name } } }
      links { reasons { kind collaboration { title kind startDate } organisation { key name } } }
    }
  }`,
  // The gaps view asks everything at the map's scope: at INSTITUTION no
  // service is named, each stands in its institution.
  gaps: `query Gaps($scope: Scope) {
    gaps(scope: $scope) {
      domains {
        domain { key labelFr labelNl labelEn }
        pairs { sectorA sectorB organisationsA organisationsB ties density gap }
        gaps
      }
    }
  }`,
  analyses: `query Analyses($scope: Scope) {
    suggestedMeetings(first: 15, scope: $scope) {
      a { key name sector } b { key name sector }
      sharedDomains { key labelFr labelNl labelEn }
      commonPartners { key name }
    }
    brokers(first: 15, scope: $scope) { organisation { key name sector } betweenness closeness degree }
    articulationPoints(scope: $scope) { key name sector }
  }`,
  cell: `query Cell($domain: ID!, $scope: Scope, $lang: Lang) {
    gaps(domains: [$domain], scope: $scope) {
      domains { pairs {
        sectorA sectorB organisationsA organisationsB ties
        untiedA(first: 100) { key name } untiedB(first: 100) { key name } untiedCountA untiedCountB
        bridges(first: 3) {
          organisation { key name sector } tiesA tiesB
          explanations { code text(lang: $lang) }
          links { to { key name } explanation { text(lang: $lang) } }
        }
        introduction { length organisations { key name sector } links { explanation { text(lang: $lang) } } }
      } }
    }
  }`,
  // meetingInvitations takes no scope: the group is of organisations as
  // recorded, whatever the map's toggle.
  invitations: `query Invitations($domain: ID!, $size: Int, $include: [ID!], $lang: Lang) {
    meetingInvitations(domain: $domain, size: $size, include: $include) {
      size candidates newCrossSectorPairs alreadyTiedPairs score upperBound exact
      organisations {
        organisation { key name sector } included
        newPartners { key }
        explanations { code text(lang: $lang) }
      }
    }
  }`,
  me: `query Me { people(first: 1) { totalCount } }`,
};
