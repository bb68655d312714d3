// The filters beside the map, the legend, and the downloads of the view.
import { html } from 'htm/preact';
import { communityColour, personColour, sectorColour, sectors, tieColour, tieKinds, unknownColour } from '../colours.js';
import { Swatch } from './common.js';
import { Bars } from './timeline.js';

const toggle = (list, v) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

export function Filters({ t, f, set, domains, timeline, signedIn, reset }) {
  const years = (timeline || []).map((y) => y.year);
  return html`<form class="filters" aria-labelledby="filters-title" onSubmit=${(e) => e.preventDefault()}>
    <h2 id="filters-title">${t('filters.title')}</h2>
    <fieldset>
      <legend>${t('filters.sectors')}</legend>
      ${sectors.map(
        (s) => html`<label class="check"><input type="checkbox" name="sector" value=${s} checked=${f.sectors.includes(s)}
          onChange=${() => set({ sectors: toggle(f.sectors, s) })} /><${Swatch} colour=${sectorColour[s]} />${t.value('sector', s)}</label>`,
      )}
    </fieldset>
    <fieldset>
      <legend>${t('filters.ties')}</legend>
      ${['COLLABORATION', 'PARTNERSHIP'].map(
        (k) => html`<label class="check"><input type="checkbox" name="tie" value=${k} checked=${f.ties.includes(k)}
          onChange=${() => set({ ties: toggle(f.ties, k) })} /><${Swatch} shape="line" colour=${tieColour[k]} />${t.value('tie', k)}</label>`,
      )}
    </fieldset>
    <fieldset>
      <legend>${t('filters.domains')}</legend>
      <select name="domain" aria-label=${t('filters.domains')} onChange=${(e) => set({ domains: e.target.value ? [e.target.value] : [] })}>
        <option value="" selected=${f.domains.length === 0}>${t('filters.allDomains')}</option>
        ${(domains || []).map((d) => html`<option value=${d.key} selected=${f.domains[0] === d.key}>${t.domain(d)}</option>`)}
      </select>
    </fieldset>
    <fieldset>
      <legend>${t('filters.period')}</legend>
      <div class="row">
        <label>${t('filters.from')} <select name="from" onChange=${(e) => set({ from: e.target.value })}>
          <option value="">—</option>${years.map((y) => html`<option value=${y} selected=${String(y) === f.from}>${y}</option>`)}
        </select></label>
        <label>${t('filters.to')} <select name="to" onChange=${(e) => set({ to: e.target.value })}>
          <option value="">—</option>${years.map((y) => html`<option value=${y} selected=${String(y) === f.to}>${y}</option>`)}
        </select></label>
      </div>
      <${Bars} years=${timeline} series=${[{ field: 'newTies', colour: '#0072b2' }]} width=${240} height=${70} label=${t('filters.timelineCaption')} />
      <p class="meta">${t('filters.timelineCaption')}</p>
    </fieldset>
    <fieldset>
      <legend>${t('filters.minWeight')}</legend>
      <label class="row"><input type="range" name="minWeight" min="1" max="10" value=${f.minWeight} aria-label=${t('filters.minWeight')}
        onChange=${(e) => set({ minWeight: Number(e.target.value) })} /> <output>${f.minWeight}</output></label>
    </fieldset>
    <fieldset class="scope">
      <legend>${t('filters.scope')}</legend>
      ${['ORGANISATION', 'INSTITUTION'].map(
        (s) => html`<label class="check"><input type="radio" name="scope" value=${s} checked=${f.scope === s} onChange=${() => set({ scope: s })} />${t('filters.scope.' + s)}</label>`,
      )}
      <p class="meta">${t('filters.scopeHelp')}</p>
    </fieldset>
    ${signedIn &&
    html`<fieldset><legend>${t('card.people')}</legend>
      <label class="check"><input type="checkbox" name="people" checked=${f.people} onChange=${() => set({ people: !f.people })} />${t('filters.people')}</label>
    </fieldset>`}
    <fieldset>
      <legend>${t('filters.colour')}</legend>
      ${['sector', 'community'].map((c) => html`<label class="check"><input type="radio" name="colour" checked=${f.colourBy === c} onChange=${() => set({ colourBy: c })} />${t('colour.' + c)}</label>`)}
    </fieldset>
    <fieldset>
      <legend>${t('filters.size')}</legend>
      ${['betweenness', 'degree'].map((c) => html`<label class="check"><input type="radio" name="size" checked=${f.sizeBy === c} onChange=${() => set({ sizeBy: c })} />${t('size.' + c)}</label>`)}
    </fieldset>
    <button type="button" class="secondary" onClick=${reset}>${t('filters.reset')}</button>
  </form>`;
}

export function Legend({ t, f, communities }) {
  return html`<section class="legend" aria-labelledby="legend-title">
    <h2 id="legend-title">${t('legend.title')}</h2>
    <ul class="plain">
      ${f.colourBy === 'sector'
        ? [...sectors.map((s) => html`<li><${Swatch} colour=${sectorColour[s]} />${t.value('sector', s)}</li>`), html`<li><${Swatch} colour=${unknownColour} />${t('legend.unknownSector')}</li>`]
        : communities.slice(0, 12).map((c) => html`<li><${Swatch} colour=${communityColour(c)} />${t('legend.community', { n: c + 1 })}</li>`)}
      ${f.people && html`<li><${Swatch} colour=${personColour} />${t('legend.person')}</li>`}
      ${tieKinds.map((k) => html`<li><${Swatch} shape="line" colour=${tieColour[k]} />${t.value('tie', k)}</li>`)}
    </ul>
    <p class="meta">${t('legend.size', { what: t('size.' + f.sizeBy) })}</p>
  </section>`;
}

// exportQuery answers the query string of /export/network.* for filters f,
// the same view as the map's network query.
export function exportQuery(f) {
  const p = new URLSearchParams();
  p.set('types', f.people ? 'ORGANISATION,PERSON' : 'ORGANISATION');
  if (f.ties.length) p.set('ties', f.ties.join(','));
  if (f.sectors.length) p.set('sectors', f.sectors.join(','));
  if (f.domains.length) p.set('domains', f.domains.join(','));
  if (f.from) p.set('since', f.from);
  if (f.to) p.set('until', f.to);
  if (f.minWeight > 1) p.set('minWeight', String(f.minWeight));
  if (f.scope === 'INSTITUTION') p.set('scope', f.scope);
  return p.toString();
}

export function Downloads({ t, f, onPng, busy }) {
  const q = exportQuery(f);
  return html`<section class="downloads" aria-labelledby="dl-title" aria-busy=${busy ? 'true' : 'false'}>
    <h2 id="dl-title">${t('download.title')}</h2>
    <div class="buttons">
      <button type="button" data-format="gexf" onClick=${() => onPng('gexf', q)}>${t('download.gexf')}</button>
      <button type="button" data-format="graphml" onClick=${() => onPng('graphml', q)}>${t('download.graphml')}</button>
      <button type="button" data-format="png" onClick=${() => onPng('png')}>${t('download.png')}</button>
    </div>
    <p><a href=${location.href}>${t('download.link')}</a></p>
  </section>`;
}
