// The evolution per year: new and lost ties, new cross-sector ties,
// collaborations held, and the network of the ties existing that year
// (ties, organisations, components, density), as a chart and as a table.
// Years without any recorded collaboration say so (not the same as no
// activity), and the ties no date places in any year are counted apart.
import { html } from 'htm/preact';
import { ErrorBox, Loading, ScopeToggle } from './common.js';

// Bars draws the years as grouped bars (SVG attributes only: no inline
// style). When unrecorded is given, a year whose recorded is false gets a
// pale band titled unrecorded behind its bars (a partnership may still
// make ties that year).
export function Bars({ years, series, width = 640, height = 180, label, unrecorded }) {
  if (!years || years.length === 0) return null;
  const max = Math.max(1, ...years.flatMap((y) => series.map((s) => y[s.field])));
  const pad = 22;
  const band = (width - pad) / years.length;
  const bar = Math.max(1, (band - 2) / series.length);
  return html`<svg class="bars" viewBox="0 0 ${width} ${height}" role="img" aria-label=${label}>
    <line x1=${pad} y1=${height - pad} x2=${width} y2=${height - pad} stroke="#9ca3af" />
    ${years.map(
      (y, i) =>
        unrecorded &&
        y.recorded === false &&
        html`<rect class="unrecorded" x=${pad + i * band + 1} y=${8} width=${band - 2} height=${height - pad - 8} fill="#eef0f3"><title>${y.year}: ${unrecorded}</title></rect>`,
    )}
    ${years.map((y, i) =>
      series.map((s, j) => {
        const h = ((height - pad - 8) * y[s.field]) / max;
        return html`<rect x=${pad + i * band + 1 + j * bar} y=${height - pad - h} width=${bar} height=${h} fill=${s.colour}><title>${y.year}: ${y[s.field]}</title></rect>`;
      }),
    )}
    ${years.map((y, i) => {
      const step = Math.ceil(years.length / Math.max(2, Math.floor((width - pad) / 44)));
      const x = pad + i * band + band / 2;
      return i % step === 0 && x + 14 <= width && html`<text x=${x} y=${height - 6} text-anchor="middle" font-size="10" fill="#4b5563">${y.year}</text>`;
    })}
    <text x="2" y="12" font-size="10" fill="#4b5563">${max}</text>
  </svg>`;
}

export const series = [
  { field: 'newTies', colour: '#0072b2', key: 'col.newTies' },
  { field: 'newCrossSectorTies', colour: '#d55e00', key: 'col.newCross' },
  { field: 'collaborations', colour: '#9ca3af', key: 'col.collaborations' },
];

// The table's columns: what happened that year, then the network of the
// ties existing that year. In a year not recorded the collaborations say
// so, and a zero elsewhere shows as a dash: nothing says there was no
// activity (a partnership may still make or end ties, and shows).
const events = [...series, { field: 'lostTies', key: 'timeline.lostTies' }];
const network = [
  { field: 'ties', key: 'timeline.ties' },
  { field: 'organisations', key: 'timeline.organisations' },
  { field: 'components', key: 'timeline.components' },
  { field: 'density', key: 'timeline.density', digits: 3 },
];

export function TimelineView({ t, timeline, scope, set }) {
  const years = timeline.data;
  const busy = !years || timeline.loading;
  const cell = (y, c) => html`<td data-field=${c.field}>${c.digits ? t.number(y[c.field], c.digits) : y[c.field]}</td>`;
  const event = (y, c) => {
    if (y.recorded) return cell(y, c);
    if (c.field === 'collaborations') return html`<td data-field=${c.field} class="not-recorded">${t('timeline.notRecorded')}</td>`;
    return y[c.field] ? cell(y, c) : html`<td data-field=${c.field} class="not-recorded"><span aria-hidden="true">–</span><span class="visually-hidden">${t('timeline.notRecorded')}</span></td>`;
  };
  return html`<div class="page timeline" aria-busy=${busy ? 'true' : 'false'}>
    <h2>${t('timeline.title')}</h2>
    <${ScopeToggle} t=${t} scope=${scope} set=${set} />
    ${busy && html`<${Loading} t=${t} />`}
    <${ErrorBox} t=${t} error=${timeline.error} />
    ${years &&
    html`<section aria-labelledby="tl-chart"><h3 id="tl-chart">${t('timeline.chart')}</h3><figure>
        <${Bars} years=${years} series=${series} width=${900} height=${260} label=${t('timeline.chart')} unrecorded=${t('timeline.notRecorded')} />
        <figcaption class="keys">${series.map((s) => html`<span><svg class="swatch" width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill=${s.colour} /></svg>${t(s.key)}</span>`)}
          <span><svg class="swatch" width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="#eef0f3" stroke="#9ca3af" /></svg>${t('timeline.notRecorded')}</span></figcaption>
      </figure></section>
      <section aria-labelledby="tl-table"><table class="data num" data-testid="timeline">
        <caption id="tl-table">${t('timeline.table')}</caption>
        <thead><tr><th scope="col">${t('col.year')}</th>${[...events, ...network].map((c) => html`<th scope="col">${t(c.key)}</th>`)}</tr></thead>
        <tbody>${years.map(
          (y) => html`<tr data-year=${y.year} class=${y.recorded ? undefined : 'unrecorded'}><th scope="row">${y.year}</th>
            ${events.map((c) => event(y, c))}
            ${network.map((c) => cell(y, c))}</tr>`,
        )}</tbody>
      </table>
      <p class="meta">${t('timeline.networkHelp')}</p>
      ${years.length > 0 && html`<p data-testid="undated">${t('timeline.undated', { n: years[0].undatedTies })}</p>`}
      </section>`}
  </div>`;
}
