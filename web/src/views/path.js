// Find a way in: the shortest chain of organisations from one to another,
// with the collaboration or partnership behind every hop; signed in, the
// chain of people already met from a person to another.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { gql, Q } from '../api.js';
import { href } from '../route.js';
import { ErrorBox, Loading, SectorTag, year } from './common.js';

// resolve answers the key of the best search match for text (a key is
// taken as is when the search finds it first).
async function resolve(text, type) {
  const d = await gql(Q.search, { text, types: [type], first: 1 });
  return d.search[0] ? d.search[0].node.key : null;
}

function PathForm({ t, id, title, type, from, to, go }) {
  const [a, setA] = useState(from.label);
  const [b, setB] = useState(to.label);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setA(from.label);
    setB(to.label);
  }, [from.label, to.label]);
  // A field left as the page filled it keeps its key.
  const keyOf = (text, given) => (given.key && text === given.label ? Promise.resolve(given.key) : resolve(text.trim(), type));
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const ka = await keyOf(a, from);
      if (!ka) return setError(t(type === 'PERSON' ? 'path.unknownPerson' : 'path.unknown', { text: a }));
      const kb = await keyOf(b, to);
      if (!kb) return setError(t(type === 'PERSON' ? 'path.unknownPerson' : 'path.unknown', { text: b }));
      go(ka, kb);
    } catch (err) {
      setError(t('error.' + err.code));
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="path-form" onSubmit=${submit} aria-labelledby=${id} aria-busy=${busy ? 'true' : 'false'}>
    <h3 id=${id}>${title}</h3>
    <label>${t('path.from')} <input type="search" name="from" value=${a} onInput=${(e) => setA(e.target.value)} required autocomplete="off" /></label>
    <label>${t('path.to')} <input type="search" name="to" value=${b} onInput=${(e) => setB(e.target.value)} required autocomplete="off" /></label>
    <button type="submit">${t('path.find')}</button>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </form>`;
}

function linkText(t, l) {
  const x = l.kind === 'PARTNERSHIP' ? l.partnership || l.collaboration : l.collaboration || l.partnership;
  if (!x) return t.value('tie', l.kind);
  return `${t.value('tie', l.kind)} · ${x.title} (${t.value('kind', x.kind)}${x.startDate ? ', ' + year(x.startDate) : ''})`;
}

export function PathView({ t, lang, route, ties, scope, signedIn, onPath }) {
  const [state, setState] = useState({});
  const people = !!route.people;
  useEffect(() => {
    let live = true;
    if (!route.from || !route.to) {
      setState({});
      onPath(null);
      return undefined;
    }
    setState({ loading: true });
    const q = people ? gql(Q.intro, { from: route.from, to: route.to }) : gql(Q.path, { from: route.from, to: route.to, ties, scope, lang: lang.toUpperCase() });
    q.then((d) => {
      if (!live) return;
      const p = people ? d.introductionPath : d.organisationPath;
      setState({ path: p });
      onPath(people ? null : p ? p.organisations.map((o) => o.key) : null);
    }).catch((error) => live && setState({ error }));
    return () => {
      live = false;
    };
  }, [route.from, route.to, people, ties.join(), scope, lang]);

  const p = state.path;
  const names = p && p.length > 0 ? (people ? p.people : p.organisations) : null;
  // The fields show names once the path is known, keys before.
  const end = (i, key) => ({ key: key || '', label: (names && key && (i === 0 ? names[0] : names[names.length - 1]).name) || key || '' });
  const none = { key: '', label: '' };
  return html`<section class="path" aria-labelledby="path-title" aria-busy=${state.loading ? 'true' : 'false'} data-testid="path">
    <h2 id="path-title">${t('path.title')}</h2>
    <${PathForm} t=${t} id="path-org" title=${t('path.orgTitle')} type="ORGANISATION"
      from=${people ? none : end(0, route.from)} to=${people ? none : end(1, route.to)}
      go=${(a, b) => (location.hash = href.path(a, b))} />
    ${signedIn &&
    html`<${PathForm} t=${t} id="path-people" title=${t('path.personTitle')} type="PERSON"
      from=${people ? end(0, route.from) : none} to=${people ? end(1, route.to) : none}
      go=${(a, b) => (location.hash = href.peoplePath(a, b))} />`}
    ${!signedIn && html`<p class="hint">${t('path.personHelp')}</p>`}
    ${state.loading && html`<${Loading} t=${t} />`}
    ${state.error && state.error.code === 'NOT_FOUND'
      ? html`<div class="error notfound-path" role="alert"><strong>${t('notFound.title')}</strong> ${t('path.notFound', { from: route.from, to: route.to })}</div>`
      : html`<${ErrorBox} t=${t} error=${state.error} />`}
    ${p && !names && html`<p class="empty">${t('path.none', { n: people ? 6 : 8 })}</p>`}
    ${names &&
    html`<p class="meta">${t('path.hops', { n: p.length })}</p>
      <ol class="chain" data-testid="chain">
        ${names.map(
          (n, i) => html`<li>
            ${people
              ? html`<strong>${n.name}</strong> <span class="meta">${t.value('job', n.role)}${n.memberships.length ? ' · ' + n.memberships.map((m) => m.organisation.name).join(', ') : ''}</span>`
              : html`<a href=${href.organisation(n.key)}>${n.name}</a> <${SectorTag} t=${t} sector=${n.sector} />`}
            ${i < p.links.length &&
            html`<p class="hop">↓ ${people
              ? p.links[i].reasons
                  .map((r) => t('path.reason.' + r.kind, { title: r.collaboration ? r.collaboration.title : '', name: r.organisation ? r.organisation.name : '' }))
                  .join(' · ')
              : linkText(t, p.links[i])}
              ${!people && scope === 'INSTITUTION' && html`<br /><span class="meta reasons">${p.links[i].explanations.map((e) => e.text).join(' · ')}</span>`}</p>`}
          </li>`,
        )}
      </ol>`}
  </section>`;
}
