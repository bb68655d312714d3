// The evolution: new ties, new cross-sector ties and collaborations held,
// per year, as a chart and as a table.
import { html } from 'htm/preact';
import { Loading } from './common.js';

// Bars draws the years as grouped bars (SVG attributes only: no inline
// style).
export function Bars({ years, series, width = 640, height = 180, label }) {
  if (!years || years.length === 0) return null;
  const max = Math.max(1, ...years.flatMap((y) => series.map((s) => y[s.field])));
  const pad = 22;
  const band = (width - pad) / years.length;
  const bar = Math.max(1, (band - 2) / series.length);
  return html`<svg class="bars" viewBox="0 0 ${width} ${height}" role="img" aria-label=${label}>
    <line x1=${pad} y1=${height - pad} x2=${width} y2=${height - pad} stroke="#9ca3af" />
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

export function TimelineView({ t, timeline }) {
  return html`<div class="page timeline" aria-busy=${timeline ? 'false' : 'true'}>
    <h2>${t('timeline.title')}</h2>
    ${!timeline && html`<${Loading} t=${t} />`}
    ${timeline &&
    html`<section aria-labelledby="tl-chart"><h3 id="tl-chart">${t('timeline.chart')}</h3><figure>
        <${Bars} years=${timeline} series=${series} width=${900} height=${260} label=${t('timeline.chart')} />
        <figcaption class="keys">${series.map((s) => html`<span><svg class="swatch" width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill=${s.colour} /></svg>${t(s.key)}</span>`)}</figcaption>
      </figure></section>
      <section aria-labelledby="tl-table"><table class="data num" data-testid="timeline">
        <caption id="tl-table">${t('timeline.table')}</caption>
        <thead><tr><th scope="col">${t('col.year')}</th>${series.map((s) => html`<th scope="col">${t(s.key)}</th>`)}</tr></thead>
        <tbody>${timeline.map((y) => html`<tr><th scope="row">${y.year}</th>${series.map((s) => html`<td>${y[s.field]}</td>`)}</tr>`)}</tbody>
      </table></section>`}
  </div>`;
}
