// Hash routes, so that every view has a link that works behind any proxy:
// #/ the map, #/organisation/<key>, #/path/<from>/<to>, #/gaps, #/timeline,
// #/invitations/<domain>.
export function parseRoute(hash) {
  const parts = (hash || '').replace(/^#\/?/, '').split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
      return { view: 'map' };
    case 'organisation':
      return parts.length === 2 ? { view: 'organisation', key: parts[1] } : { view: 'notFound' };
    case 'path':
      if (parts.length === 1) return { view: 'path' };
      if (parts.length === 2) return { view: 'path', from: parts[1] };
      if (parts.length === 3) return { view: 'path', from: parts[1], to: parts[2] };
      if (parts.length === 4 && parts[1] === 'people') return { view: 'path', people: true, from: parts[2], to: parts[3] };
      return { view: 'notFound' };
    case 'gaps':
      return parts.length === 1 ? { view: 'gaps' } : { view: 'notFound' };
    case 'timeline':
      return parts.length === 1 ? { view: 'timeline' } : { view: 'notFound' };
    case 'invitations':
      if (parts.length === 1) return { view: 'invitations' };
      return parts.length === 2 ? { view: 'invitations', domain: parts[1] } : { view: 'notFound' };
    default:
      return { view: 'notFound' };
  }
}

// href answers the link of a route.
export const href = {
  map: () => '#/',
  organisation: (key) => '#/organisation/' + encodeURIComponent(key),
  path: (from, to) => (to ? `#/path/${encodeURIComponent(from)}/${encodeURIComponent(to)}` : from ? `#/path/${encodeURIComponent(from)}` : '#/path'),
  peoplePath: (from, to) => `#/path/people/${encodeURIComponent(from)}/${encodeURIComponent(to)}`,
  gaps: () => '#/gaps',
  timeline: () => '#/timeline',
  invitations: (domain) => (domain ? '#/invitations/' + encodeURIComponent(domain) : '#/invitations'),
};
