// The gaps: the domain × sector-pair matrix as a heat map (a click on a
// cell names the organisations of each side not yet tied to the other, who
// could introduce them and the nearest chain), suggested meetings, brokers
// and articulation points.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { gql, Q } from '../api.js';
import { href } from '../route.js';
import { ErrorBox, Loading, ScopeToggle, SectorTag } from './common.js';

// shade answers the class of a cell: a gap, an absent sector, or a
// density bucket.
function shade(p) {
  if (p.gap) return 'gap';
  if (p.organisationsA === 0 || p.organisationsB === 0) return 'absent';
  if (p.ties === 0) return 'd0';
  return 'd' + Math.min(5, 1 + Math.floor(p.density * 5));
}

function useQuery(query, vars, deps) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    setState({ loading: true });
    gql(query, vars, { allowPartial: true })
      .then((data) => live && setState({ data }))
      .catch((error) => live && setState({ error }));
    return () => {
      live = false;
    };
  }, deps);
  return state;
}

// apiLang is the API's Lang of the page's language (explanations' texts).
const apiLang = (t) => t.lang.toUpperCase();

// Chain shows a path of organisations with the reason of each hop.
function Chain({ t, path }) {
  return html`<ol class="chain" data-testid="introduction">
    ${path.organisations.map(
      (o, i) => html`<li><a href=${href.organisation(o.key)}>${o.name}</a> <${SectorTag} t=${t} sector=${o.sector} />
        ${i < path.links.length && html`<p class="hop meta">${path.links[i].explanation.text}</p>`}</li>`,
    )}
  </ol>`;
}

// Cell names the two sides of a domain × sector-pair cell: the
// organisations of each side that no tie joins to the other yet, who
// could introduce them, and the nearest chain between them.
function Cell({ t, cell, scope }) {
  const { domain, pair } = cell;
  const lang = apiLang(t);
  const s = useQuery(Q.cell, { domain: domain.key, scope, lang }, [domain.key, scope, lang]);
  const p = s.data?.gaps?.domains[0]?.pairs.find((x) => x.sectorA === pair.sectorA && x.sectorB === pair.sectorB);
  const side = (sector, other, present, untied, count, testid) => html`<div data-testid=${testid}>
    <h4><${SectorTag} t=${t} sector=${sector} /></h4>
    ${present === 0
      ? html`<p class="empty">${t('gaps.noneSide')}</p>`
      : html`<p class="meta">${t('gaps.untied', { n: count, total: present, other: t.value('sector', other) })}</p>
        ${untied.length === 0
          ? html`<p class="empty">${t('gaps.allTied', { other: t.value('sector', other) })}</p>`
          : html`<ul class="plain">${untied.map((o) => html`<li><a href=${href.organisation(o.key)}>${o.name}</a></li>`)}</ul>`}`}
  </div>`;
  return html`<section class="sides" aria-labelledby="sides-title" aria-busy=${s.loading ? 'true' : 'false'} data-testid="sides">
    <h3 id="sides-title" tabindex="-1">${t('gaps.sides', { domain: t.domain(domain), a: t.value('sector', pair.sectorA), b: t.value('sector', pair.sectorB) })}</h3>
    ${s.loading && html`<${Loading} t=${t} />`}
    <${ErrorBox} t=${t} error=${s.error} />
    ${p &&
    html`<div class="two">
        ${side(p.sectorA, p.sectorB, p.organisationsA, p.untiedA, p.untiedCountA, 'untied-a')}
        ${side(p.sectorB, p.sectorA, p.organisationsB, p.untiedB, p.untiedCountB, 'untied-b')}
      </div>
      ${p.organisationsA > 0 &&
      p.organisationsB > 0 &&
      html`<h4>${t('gaps.bridges')}</h4>
        ${p.bridges.length === 0
          ? html`<p class="empty">${t('gaps.noBridge')}</p>`
          : html`<ul class="plain bridges" data-testid="bridges">
              ${p.bridges.map(
                (b) => html`<li>
                  <strong><a href=${href.organisation(b.organisation.key)}>${b.organisation.name}</a></strong> <${SectorTag} t=${t} sector=${b.organisation.sector} />
                  <ul class="reasons">
                    ${b.explanations.map((e) => html`<li>${e.text}</li>`)}
                    ${b.links.map((l) => html`<li class="meta">${l.to.name} — ${l.explanation.text}</li>`)}
                  </ul>
                </li>`,
              )}
            </ul>`}
        ${(p.untiedCountA > 0 || p.untiedCountB > 0) &&
        html`<h4>${t('gaps.introduction')}</h4>
          ${p.introduction ? html`<${Chain} t=${t} path=${p.introduction} />` : html`<p class="empty">${t('gaps.noIntroduction')}</p>`}`}
        <p><a href=${href.invitations(domain.key)} data-testid="invite-link">${t('gaps.invite', { domain: t.domain(domain) })}</a></p>`}`}
  </section>`;
}

// GapsView asks everything at the scope of the toggle (the map's): at the
// institution scope the cells name institutions, never their services.
export function GapsView({ t, scope, set }) {
  const gaps = useQuery(Q.gaps, { scope }, [scope]);
  const more = useQuery(Q.analyses, { scope }, [scope]);
  const [cell, setCell] = useState(null);
  useEffect(() => {
    if (cell) document.getElementById('sides-title')?.focus();
  }, [cell]);

  const domains = gaps.data?.gaps?.domains || [];
  const pairs = domains[0]?.pairs || [];
  const m = more.data || {};
  return html`<div class="page gaps">
    <h2>${t('gaps.title')}</h2>
    <p class="lead">${t('gaps.help')}</p>
    <${ScopeToggle} t=${t} scope=${scope} set=${set} />
    <section aria-labelledby="heat-title" aria-busy=${gaps.loading ? 'true' : 'false'} data-testid="heatmap">
      <h3 id="heat-title">${t('gaps.heatmap')}</h3>
      <p class="heat-legend">
        <span><span class="cell-key gap"></span>${t('gaps.legendGap')}</span>
        <span><span class="cell-key absent"></span>${t('gaps.legendAbsent')}</span>
        <span><span class="cell-key d1"></span><span class="cell-key d3"></span><span class="cell-key d5"></span>${t('gaps.legendDense')}</span>
      </p>
      ${gaps.loading && html`<${Loading} t=${t} />`}
      <${ErrorBox} t=${t} error=${gaps.error} />
      ${domains.length > 0 &&
      html`<div class="scroll"><table class="heat">
        <thead><tr>
          <th scope="col">${t('col.domain')}</th>
          ${pairs.map((p) => html`<th scope="col" class="pair" title=${t.value('sector', p.sectorA) + ' × ' + t.value('sector', p.sectorB)}><span>${t('sectorShort.' + p.sectorA)}</span><span>${t('sectorShort.' + p.sectorB)}</span></th>`)}
        </tr></thead>
        <tbody>
          ${domains.map(
            (d) => html`<tr>
              <th scope="row">${t.domain(d.domain)}</th>
              ${d.pairs.map((p) => {
                const label = t('gaps.cell', { a: t.value('sector', p.sectorA), b: t.value('sector', p.sectorB), domain: t.domain(d.domain), ties: p.ties, density: t.number(p.density, 2) });
                const selected = cell && cell.domain.key === d.domain.key && cell.pair.sectorA === p.sectorA && cell.pair.sectorB === p.sectorB;
                return html`<td class=${shade(p) + (selected ? ' selected' : '')} data-domain=${d.domain.key} data-pair=${p.sectorA + '-' + p.sectorB}>
                  <button type="button" aria-label=${label} title=${label} aria-pressed=${selected ? 'true' : 'false'}
                    onClick=${() => setCell({ domain: d.domain, pair: p })}>${p.gap ? '×' : p.ties || ''}</button>
                </td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table></div>`}
    </section>
    ${cell && html`<${Cell} t=${t} cell=${cell} scope=${scope} />`}

    <div class="two">
    <section aria-labelledby="meet-title" aria-busy=${more.loading ? 'true' : 'false'}>
      <h3 id="meet-title">${t('gaps.meetings')}</h3>
      <p class="meta">${t('gaps.meetingsHelp')}</p>
      ${more.loading && html`<${Loading} t=${t} />`}
      <${ErrorBox} t=${t} error=${more.error} />
      ${m.suggestedMeetings &&
      html`<table class="data">
        <thead><tr><th scope="col">${t('col.organisations')}</th><th scope="col">${t('col.reasons')}</th></tr></thead>
        <tbody>${m.suggestedMeetings.map(
          (s) => html`<tr>
            <th scope="row"><a href=${href.organisation(s.a.key)}>${s.a.name}</a> <${SectorTag} t=${t} sector=${s.a.sector} /><br />
              <a href=${href.organisation(s.b.key)}>${s.b.name}</a> <${SectorTag} t=${t} sector=${s.b.sector} /></th>
            <td><ul class="plain">
              ${s.sharedDomains.length > 0 && html`<li>${t('gaps.reasonDomains', { list: s.sharedDomains.map((d) => t.domain(d)).join(', ') })}</li>`}
              ${s.commonPartners.length > 0 && html`<li>${t('gaps.reasonPartners', { list: s.commonPartners.slice(0, 3).map((o) => o.name).join(', ') + (s.commonPartners.length > 3 ? '…' : '') })}</li>`}
            </ul></td>
          </tr>`,
        )}</tbody>
      </table>`}
    </section>
    <section aria-labelledby="brokers-title" aria-busy=${more.loading ? 'true' : 'false'}>
      <h3 id="brokers-title">${t('gaps.brokers')}</h3>
      <p class="meta">${t('gaps.brokersHelp')}</p>
      ${m.brokers &&
      html`<table class="data num">
        <thead><tr><th scope="col">${t('col.name')}</th><th scope="col">${t('col.brokerage')}</th><th scope="col">${t('col.degree')}</th><th scope="col">${t('col.closeness')}</th></tr></thead>
        <tbody>${m.brokers.map(
          (b) => html`<tr><th scope="row"><a href=${href.organisation(b.organisation.key)}>${b.organisation.name}</a></th>
            <td>${t.number(b.betweenness, 3)}</td><td>${b.degree}</td><td>${t.number(b.closeness, 3)}</td></tr>`,
        )}</tbody>
      </table>`}
      <h3 id="ap-title">${t('gaps.articulation')}</h3>
      <p class="meta">${t('gaps.articulationHelp')}</p>
      ${m.articulationPoints &&
      (m.articulationPoints.length === 0
        ? html`<p class="empty">${t('gaps.noneArticulation')}</p>`
        : html`<ul class="plain cols" aria-labelledby="ap-title">${m.articulationPoints.map((o) => html`<li><a href=${href.organisation(o.key)}>${o.name}</a></li>`)}</ul>`)}
    </section>
    </div>
  </div>`;
}
