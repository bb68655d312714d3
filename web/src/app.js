// The map page: a header (search, views, language, sign-in), the filters
// and legend, the map, and the panel of the current route.
import { html } from 'htm/preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { download, gql, Q, saveBlob, session } from './api.js';
import { languages, pickLanguage, translator } from './i18n.js';
import { buildGraph, NetworkMap, paint, place } from './network.js';
import { href, parseRoute } from './route.js';
import { Card } from './views/card.js';
import { ErrorBox, Loading, NotFound, SectorTag } from './views/common.js';
import { Downloads, Filters, Legend } from './views/filters.js';
import { GapsView } from './views/gaps.js';
import { InvitationsView } from './views/invitations.js';
import { PathView } from './views/path.js';
import { TimelineView } from './views/timeline.js';

// Above this many organisations the map starts with weaker ties hidden
// (the network query's minWeight), so that the browser is not drowned.
const LARGE = 1500;
const LARGE_MIN_WEIGHT = 4;

const defaults = (large) => ({
  sectors: [],
  domains: [],
  ties: ['COLLABORATION', 'PARTNERSHIP'],
  from: '',
  to: '',
  minWeight: large ? LARGE_MIN_WEIGHT : 1,
  // ORGANISATION: every service on its own; INSTITUTION: the API folds
  // each service into its institution (the network query's scope).
  scope: 'ORGANISATION',
  people: false,
  colourBy: 'sector',
  sizeBy: 'betweenness',
});

// mark records the first time a stage is reached (performance.mark), for
// the figures of the README: the time from navigation to the map drawn.
function mark(name) {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}

function initialLanguage() {
  const p = new URLSearchParams(location.search).get('lang');
  return pickLanguage(p, navigator.languages || [navigator.language]);
}

// Search is the one search field: suggestions as one types, Enter opens
// the best match.
function Search({ t }) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const seq = useRef(0);
  const find = async (q) => {
    const n = ++seq.current;
    setBusy(true);
    try {
      const d = await gql(Q.search, { text: q, types: ['ORGANISATION'], first: 8 });
      if (n === seq.current) setHits(d.search.map((h) => h.node));
      return d.search.map((h) => h.node);
    } catch {
      if (n === seq.current) setHits([]);
      return [];
    } finally {
      if (n === seq.current) setBusy(false);
    }
  };
  useEffect(() => {
    if (text.trim().length < 2) {
      setHits(null);
      return undefined;
    }
    const id = setTimeout(() => find(text.trim()), 180);
    return () => clearTimeout(id);
  }, [text]);
  const go = (key) => {
    setOpen(false);
    location.hash = href.organisation(key);
  };
  const submit = async (e) => {
    e.preventDefault();
    if (!text.trim()) return;
    const found = await find(text.trim());
    if (found.length > 0) go(found[0].key);
    else setOpen(true);
  };
  return html`<form class="search" role="search" onSubmit=${submit} aria-busy=${busy ? 'true' : 'false'}>
    <label for="search-input" class="visually-hidden">${t('search.label')}</label>
    <input id="search-input" type="search" name="q" value=${text} placeholder=${t('search.placeholder')} autocomplete="off"
      aria-describedby="search-results"
      onInput=${(e) => {
        setText(e.target.value);
        setOpen(true);
      }}
      onKeyDown=${(e) => e.key === 'Escape' && setOpen(false)} />
    <div id="search-results" class=${open && hits ? 'results open' : 'results'} aria-live="polite">
      ${open && hits && hits.length === 0 && html`<p class="empty">${t('search.none', { text })}</p>`}
      ${open &&
      hits &&
      hits.length > 0 &&
      html`<ul aria-label=${t('search.results')}>
        ${hits.map((h) => html`<li><a href=${href.organisation(h.key)} onClick=${() => setOpen(false)}>${h.name}${h.shortName && h.shortName !== h.name ? ` (${h.shortName})` : ''}</a> <${SectorTag} t=${t} sector=${h.sector} /></li>`)}
      </ul>`}
    </div>
  </form>`;
}

// SignIn is the token dialog: the token stays in this tab's sessionStorage.
function SignIn({ t, signedIn, onChange }) {
  const dialog = useRef(null);
  const [error, setError] = useState(null);
  const [value, setValue] = useState('');
  if (signedIn) {
    return html`<div class="auth"><span class="badge">${t('auth.signedIn')}</span>
      <button type="button" class="secondary" onClick=${() => { session.set(null); onChange(null); }}>${t('auth.signOut')}</button></div>`;
  }
  const submit = async (e) => {
    e.preventDefault();
    const token = value.trim();
    if (!token) return;
    session.set(token);
    try {
      await gql(Q.me);
      setValue('');
      setError(null);
      dialog.current.close();
      onChange(token);
    } catch (err) {
      session.set(null);
      setError(err.code === 'UNAUTHENTICATED' ? t('auth.refused') : t('error.' + err.code));
    }
  };
  return html`<div class="auth">
    <button type="button" data-testid="sign-in" onClick=${() => dialog.current.showModal()}>${t('auth.signIn')}</button>
    <dialog ref=${dialog} aria-labelledby="auth-title">
      <form onSubmit=${submit}>
        <h2 id="auth-title">${t('auth.title')}</h2>
        <p class="meta">${t('auth.help')}</p>
        <label for="token-input">${t('auth.token')}</label>
        <textarea id="token-input" name="token" rows="4" value=${value} onInput=${(e) => setValue(e.target.value)} spellcheck="false" autocomplete="off"></textarea>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <div class="buttons">
          <button type="submit">${t('auth.submit')}</button>
          <button type="button" class="secondary" onClick=${() => dialog.current.close()}>${t('auth.cancel')}</button>
        </div>
      </form>
    </dialog>
  </div>`;
}

// MapPane draws the laid-out graph; focus and path make parts stand out.
function MapPane({ t, graph, f, busy, focus, path, mapRef, large }) {
  const el = useRef(null);
  const [failed, setFailed] = useState(false);
  // The renderer is made once, after the page has asked for the network
  // (setTimeout: the request leaves first), and draws each graph.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let m = null;
    const id = setTimeout(() => {
      mark('sigma-start');
      try {
        m = new NetworkMap(el.current, {
          onClick: (key, kind) => kind === 'organisation' && (location.hash = href.organisation(key)),
        });
      } catch {
        setFailed(true);
        return;
      }
      mapRef.current = m;
      mark('sigma-created');
      setReady(true);
    }, 0);
    return () => {
      clearTimeout(id);
      mapRef.current = null;
      if (m) m.kill();
    };
  }, []);
  useEffect(() => {
    if (!ready || !graph) return;
    mapRef.current.draw(graph);
    if (focus) mapRef.current.select(focus);
    if (path) mapRef.current.showPath(path);
    // The first frame is painted at the next animation frame.
    el.current.dataset.drawn = 'false';
    if (graph.order > 0) {
      requestAnimationFrame(() => {
        mark('map-drawn');
        if (el.current) el.current.dataset.drawn = 'true';
      });
    }
  }, [graph, ready]);
  useEffect(() => {
    if (!mapRef.current || !graph) return;
    paint(graph, f);
    mapRef.current.renderer.refresh();
  }, [f.colourBy, f.sizeBy]);
  useEffect(() => {
    if (ready && graph) mapRef.current.select(focus);
  }, [focus]);
  useEffect(() => {
    if (ready && graph) mapRef.current.showPath(path);
  }, [path]);
  const nodes = graph ? graph.order : 0;
  const edges = graph ? graph.size : 0;
  return html`<div class="map-wrap" aria-busy=${busy ? 'true' : 'false'}>
    <div class="map" ref=${el} role="img" aria-label=${t('map.label', { nodes, edges })} data-testid="map"></div>
    <div class="map-tools">
      <button type="button" aria-label=${t('map.zoomIn')} title=${t('map.zoomIn')} onClick=${() => mapRef.current && mapRef.current.zoom(1)}>+</button>
      <button type="button" aria-label=${t('map.zoomOut')} title=${t('map.zoomOut')} onClick=${() => mapRef.current && mapRef.current.zoom(-1)}>−</button>
      <button type="button" aria-label=${t('map.zoomReset')} title=${t('map.zoomReset')} onClick=${() => mapRef.current && mapRef.current.zoom(0)}>⟲</button>
    </div>
    <p class="map-status" role="status">
      ${busy ? t(graph ? 'map.layout' : 'loading') : graph && nodes === 0 ? t('map.empty') : t('map.stats', { nodes, edges })}
      ${large && f.minWeight > 1 && html` · ${t('map.large', { w: f.minWeight })}`}
    </p>
    ${failed && html`<p class="error" role="alert">${t('error.webgl')}</p>`}
  </div>`;
}

// OrgList is the map's text version: the organisations in view, by
// brokerage.
function OrgList({ t, graph }) {
  if (!graph) return null;
  const rows = [];
  graph.forEachNode((k, a) => a.kind === 'organisation' && rows.push(a));
  rows.sort((a, b) => b.betweenness - a.betweenness || b.degree - a.degree || a.label.localeCompare(b.label));
  const shown = rows.slice(0, 300);
  return html`<section class="list" aria-labelledby="list-title">
    <h2 id="list-title">${t('map.list')} <span class="count">${rows.length}</span></h2>
    <table class="data num" data-testid="org-list">
      <thead><tr><th scope="col">${t('col.name')}</th><th scope="col">${t('col.sector')}</th><th scope="col">${t('col.ties')}</th></tr></thead>
      <tbody>${shown.map(
        (a) => html`<tr><th scope="row"><a href=${href.organisation(a.key)}>${a.label}</a></th><td><${SectorTag} t=${t} sector=${a.sector} /></td><td>${a.degree}</td></tr>`,
      )}</tbody>
    </table>
  </section>`;
}

export function App() {
  const [lang, setLang] = useState(initialLanguage);
  const t = useMemo(() => translator(lang), [lang]);
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  const [token, setToken] = useState(session.token);
  const [start, setStart] = useState({ loading: true });
  const [f, setF] = useState(null);
  const [net, setNet] = useState({ loading: true });
  const [graph, setGraph] = useState(null);
  const [path, setPath] = useState(null);
  const [dl, setDl] = useState({});
  const mapRef = useRef(null);
  const signedIn = !!token;

  useLayoutEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t('app.title')} — Réseau`;
    const u = new URL(location.href);
    if (u.searchParams.get('lang') !== lang) {
      u.searchParams.set('lang', lang);
      history.replaceState(null, '', u);
    }
  }, [lang]);
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  useEffect(() => {
    document.getElementById('app').setAttribute('aria-busy', 'false');
  }, []);

  // The domains and the size of the network, once.
  useEffect(() => {
    gql(Q.start)
      .then((d) => {
        mark('start-data');
        setStart({ data: d });
        setF((old) => old || defaults(d.organisations.totalCount > LARGE));
      })
      .catch((error) => {
        setStart({ error });
        setF((old) => old || defaults(false));
      });
  }, []);
  const large = !!start.data && start.data.organisations.totalCount > LARGE;

  // The timeline at the current scope (the filters' years and the
  // timeline view).
  const scope = f ? f.scope : 'ORGANISATION';
  const [timeline, setTimeline] = useState({ loading: true });
  useEffect(() => {
    if (!f) return undefined;
    let live = true;
    setTimeline((tl) => ({ ...tl, loading: true }));
    gql(Q.timeline, { scope })
      .then((d) => live && setTimeline({ data: d.timeline, scope }))
      .catch((error) => live && setTimeline({ error }));
    return () => {
      live = false;
    };
  }, [scope, !!f]);

  // The network of the filters, laid out in the worker.
  const filterKey = f ? JSON.stringify([f.sectors, f.domains, f.ties, f.from, f.to, f.minWeight, f.scope, f.people && signedIn]) : '';
  useEffect(() => {
    if (!f) return undefined;
    let live = true;
    setNet((n) => ({ ...n, loading: true }));
    const filter = {
      types: f.people && signedIn ? ['PERSON'] : undefined,
      ties: f.ties.length ? f.ties : undefined,
      sectors: f.sectors.length ? f.sectors : undefined,
      domains: f.domains.length ? f.domains : undefined,
      since: f.from || undefined,
      until: f.to || undefined,
      minWeight: f.minWeight,
      scope: f.scope,
    };
    gql(Q.network, { filter })
      .then((d) => {
        mark('network-data');
        if (live) setNet({ data: d.network });
      })
      .catch((error) => live && setNet({ error }));
    return () => {
      live = false;
    };
  }, [filterKey]);
  useEffect(() => {
    if (!net.data || !f) return undefined;
    let live = true;
    setNet((n) => ({ ...n, laying: true }));
    const g = buildGraph(net.data, { colourBy: f.colourBy, sizeBy: f.sizeBy });
    // A large network is drawn at once where its communities seed it, and
    // settles when the worker is done; a small one is drawn laid out.
    const progressive = g.order > LARGE;
    mark('graph-built');
    if (progressive) setGraph(g);
    place(g).then(() => {
      mark('layout-done');
      if (!live) return;
      if (progressive) {
        if (mapRef.current) mapRef.current.moved();
      } else {
        setGraph(g);
      }
      setNet((n) => ({ ...n, laying: false }));
    });
    return () => {
      live = false;
    };
  }, [net.data]);

  const set = useCallback((patch) => setF((old) => ({ ...old, ...patch })), []);
  const communities = useMemo(() => {
    const s = new Set();
    if (graph) graph.forEachNode((_, a) => a.kind === 'organisation' && s.add(a.community));
    return [...s].filter((c) => c >= 0).sort((a, b) => a - b);
  }, [graph]);

  const onDownload = async (format, q) => {
    setDl({ busy: true });
    try {
      if (format === 'png') {
        if (mapRef.current) saveBlob(await mapRef.current.png(), 'reseau.png');
      } else {
        await download(`export/network.${format}?${q}`, `reseau.${format}`);
      }
      setDl({});
    } catch (error) {
      setDl({ error });
    }
  };

  const view = route.view;
  const withMap = view === 'map' || view === 'organisation' || view === 'path';
  let panel = null;
  if (view === 'organisation') panel = html`<${Card} t=${t} lang=${lang} orgKey=${route.key} signedIn=${signedIn} scope=${scope} />`;
  else if (view === 'path') panel = html`<${PathView} t=${t} lang=${lang} route=${route} ties=${f ? f.ties : []} scope=${scope} signedIn=${signedIn} onPath=${setPath} />`;
  else if (view === 'map') panel = html`<${OrgList} t=${t} graph=${graph} />`;
  const focus = view === 'organisation' ? route.key : null;

  const nav = [
    ['map', href.map(), t('nav.map')],
    ['path', href.path(), t('nav.path')],
    ['gaps', href.gaps(), t('nav.gaps')],
    ['timeline', href.timeline(), t('nav.timeline')],
    ['invitations', href.invitations(), t('nav.invitations')],
  ];
  return html`<div class=${'shell view-' + view}>
    <a class="skip" href="#search-input">${t('search.label')}</a>
    <header class="top">
      <div class="brand">
        <h1><a href="#/">${t('app.title')}</a></h1>
        <p>${t('app.subtitle')}</p>
      </div>
      <${Search} t=${t} />
      <nav aria-label=${t('nav.label')}>
        <ul>${nav.map(([v, h, label]) => html`<li><a href=${h} aria-current=${view === v || (v === 'map' && view === 'organisation') ? 'page' : undefined}>${label}</a></li>`)}</ul>
      </nav>
      <div class="lang" role="group" aria-label=${t('lang.label')}>
        ${languages.map((l) => html`<button type="button" lang=${l} aria-pressed=${l === lang ? 'true' : 'false'} onClick=${() => setLang(l)}>${l.toUpperCase()}</button>`)}
      </div>
      <${SignIn} t=${t} signedIn=${signedIn} onChange=${setToken} />
    </header>
    ${withMap &&
    html`<div class="workspace">
      <aside class="side left" aria-busy=${start.loading ? 'true' : 'false'}>
        ${f && html`<${Filters} t=${t} f=${f} set=${set} domains=${start.data?.domains} timeline=${timeline.data} signedIn=${signedIn} reset=${() => setF(defaults(large))} />`}
        ${f && html`<${Legend} t=${t} f=${f} communities=${communities} />`}
        ${f && html`<${Downloads} t=${t} f=${f} onPng=${onDownload} busy=${dl.busy} />`}
        <${ErrorBox} t=${t} error=${dl.error} />
      </aside>
      <main class="centre">
        <${ErrorBox} t=${t} error=${net.error || start.error} />
        ${html`<${MapPane} t=${t} graph=${graph} f=${f || defaults(false)} busy=${net.loading || net.laying} focus=${focus} path=${view === 'path' ? path : null} mapRef=${mapRef} large=${large} />`}
      </main>
      <aside class="side right" aria-busy=${view === 'map' && !graph ? 'true' : 'false'}>
        ${panel || html`<${Loading} t=${t} />`}
      </aside>
    </div>`}
    ${view === 'gaps' && html`<main class="full"><${GapsView} t=${t} scope=${scope} set=${f ? set : null} /></main>`}
    ${view === 'timeline' && html`<main class="full"><${TimelineView} t=${t} timeline=${timeline} scope=${scope} set=${f ? set : null} /></main>`}
    ${view === 'invitations' && html`<main class="full"><${InvitationsView} t=${t} route=${route} domains=${start.data?.domains} /></main>`}
    ${view === 'notFound' && html`<main class="full"><${NotFound} t=${t} /></main>`}
  </div>`;
}
