// The card of an organisation: names, sector, domains, institution and
// services, its directory record (contacts, addresses, hours, audience,
// services), collaborators with the shared collaborations, partners with
// the partnership, and, for a signed-in viewer, its people. At the
// INSTITUTION scope the collaborators and partners are those of the
// institution and its services, each tie with the reasons that name the
// service behind it.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { gql, Q } from '../api.js';
import { href } from '../route.js';
import { ErrorBox, Loading, NotFound, SectorTag, year } from './common.js';
import { Directory } from './directory.js';

export function Card({ t, lang, orgKey, signedIn, scope, onLoaded }) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    setState({ loading: true });
    gql(Q.card, { key: orgKey, people: signedIn, scope, lang: lang.toUpperCase() })
      .then((d) => {
        if (!live) return;
        setState({ org: d.organisation });
        if (onLoaded) onLoaded(d.organisation);
      })
      .catch((error) => live && setState({ error }));
    return () => {
      live = false;
    };
  }, [orgKey, signedIn, scope, lang]);

  if (state.loading) return html`<section class="card" aria-busy="true"><${Loading} t=${t} /></section>`;
  if (state.error && state.error.code !== 'NOT_FOUND') return html`<section class="card"><${ErrorBox} t=${t} error=${state.error} /></section>`;
  const o = state.org;
  if (!o) return html`<${NotFound} t=${t} message=${t('notFound.organisation', { key: orgKey })} />`;

  const partiesOf = (p) => new Set(p.parties.map((x) => x.organisation.key));
  const institution = scope === 'INSTITUTION';
  return html`<section class="card" aria-labelledby="card-title" aria-busy="false" data-testid="card">
    <header class="card-head">
      <h2 id="card-title" tabindex="-1">${o.name}</h2>
      <a class="close" href=${href.map()} aria-label=${t('card.close')} title=${t('card.close')}>×</a>
    </header>
    <dl class="facts">
      ${o.shortName && html`<dt>${t('card.shortName')}</dt><dd>${o.shortName}</dd>`}
      <dt>${t('card.sector')}</dt><dd><${SectorTag} t=${t} sector=${o.sector} /></dd>
      ${o.domains.length > 0 && html`<dt>${t('card.domains')}</dt><dd>${o.domains.map((d) => t.domain(d)).join(', ')}</dd>`}
      ${o.commune && html`<dt>${t('card.commune')}</dt><dd>${o.commune}</dd>`}
      ${o.aliases.length > 0 && html`<dt>${t('card.aliases')}</dt><dd>${o.aliases.join(' · ')}</dd>`}
      ${o.parent && html`<dt>${t('card.parent')}</dt><dd><a href=${href.organisation(o.parent.key)}>${o.parent.name}</a></dd>`}
      ${o.children.length > 0 &&
      html`<dt>${t('card.children')}</dt><dd><ul class="plain">${o.children.map((c) => html`<li><a href=${href.organisation(c.key)}>${c.name}</a></li>`)}</ul></dd>`}
    </dl>
    <${Directory} t=${t} o=${o} />
    <p class="actions"><a href=${href.path(o.key)}>${t('card.pathFrom')}</a></p>

    <h3>${t('card.collaborators')} <span class="count">${o.collaborators.length}</span></h3>
    ${institution && html`<p class="meta" data-testid="scope-note">${t('card.scopeNote')}</p>`}
    ${o.collaborators.length === 0
      ? html`<p class="empty">${t('card.noCollaborators')}</p>`
      : html`<table class="data" data-testid="collaborators">
          <thead><tr><th scope="col">${t('col.name')}</th><th scope="col">${t('col.shared')}</th></tr></thead>
          <tbody>
            ${o.collaborators.map(
              (c) => html`<tr>
                <th scope="row"><a href=${href.organisation(c.organisation.key)}>${c.organisation.name}</a><br /><${SectorTag} t=${t} sector=${c.organisation.sector} /></th>
                <td><ul class="plain">${c.collaborations.map(
                  (k) => html`<li>${k.title} <span class="meta">${t.value('kind', k.kind)}${k.startDate ? ', ' + year(k.startDate) : ''}</span></li>`,
                )}</ul>
                ${institution && html`<ul class="plain reasons" aria-label=${t('col.reasons')}>${c.reasons.map((r) => html`<li>${r}</li>`)}</ul>`}</td>
              </tr>`,
            )}
          </tbody>
        </table>`}

    <h3>${t('card.partners')} <span class="count">${o.partners.length}</span></h3>
    ${o.partners.length === 0
      ? html`<p class="empty">${t('card.noPartners')}</p>`
      : html`<ul class="partners">
          ${o.partners.map((p) => {
            const shared = o.partnerships.filter((x) => partiesOf(x).has(p.key));
            return html`<li><a href=${href.organisation(p.key)}>${p.name}</a>
              <span class="meta">${shared.map((x) => `${x.title} (${t.value('kind', x.kind)}${x.startDate ? ', ' + year(x.startDate) : ''})`).join(' · ')}</span></li>`;
          })}
        </ul>`}

    ${signedIn &&
    html`<h3>${t('card.people')} <span class="count">${(o.people || []).length}</span></h3>
      ${(o.people || []).length === 0
        ? html`<p class="empty">${t('card.noPeople')}</p>`
        : html`<table class="data" data-testid="people">
            <thead><tr><th scope="col">${t('col.name')}</th><th scope="col">${t('col.role')}</th></tr></thead>
            <tbody>${o.people.map((p) => html`<tr><th scope="row">${p.name}</th><td>${t.value('job', p.role)}</td></tr>`)}</tbody>
          </table>`}`}
  </section>`;
}
