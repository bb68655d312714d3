// Small pieces shared by the views.
import { html } from 'htm/preact';
import { sectorColour, unknownColour } from '../colours.js';

// Swatch is a coloured dot (an SVG fill: no inline style, which the
// Content-Security-Policy forbids).
export function Swatch({ colour, shape = 'circle' }) {
  return html`<svg class="swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
    ${shape === 'line' ? html`<rect x="0" y="4.5" width="12" height="3" fill=${colour} />` : html`<circle cx="6" cy="6" r="5" fill=${colour} />`}
  </svg>`;
}

// SectorTag shows a sector with its colour.
export function SectorTag({ t, sector }) {
  return html`<span class="sector"><${Swatch} colour=${sectorColour[sector] || unknownColour} />${sector ? t.value('sector', sector) : t('legend.unknownSector')}</span>`;
}

// Loading is what a waiting region shows; the region itself carries
// aria-busy.
export function Loading({ t }) {
  return html`<p class="loading" role="status">${t('loading')}</p>`;
}

// ErrorBox shows a translated API error.
export function ErrorBox({ t, error }) {
  if (!error) return null;
  return html`<div class="error" role="alert"><strong>${t('error.title')}</strong> ${t('error.' + (error.code || 'OTHER'))}</div>`;
}

// NotFound is the translated "not found".
export function NotFound({ t, message }) {
  return html`<section class="notfound" aria-labelledby="nf-title">
    <h2 id="nf-title">${t('notFound.title')}</h2>
    <p>${message || t('notFound.page')}</p>
    <p><a href="#/">${t('notFound.back')}</a></p>
  </section>`;
}

// year answers the year of a partial date.
export const year = (d) => (d ? String(d).slice(0, 4) : '');

// ScopeToggle is the organisations/institutions choice of the full-page
// views (the same f.scope as the map's filters, so it carries over);
// disabled until the filters exist (set null).
export function ScopeToggle({ t, scope, set }) {
  return html`<fieldset class="scope inline" data-testid="scope">
    <legend>${t('filters.scope')}</legend>
    ${['ORGANISATION', 'INSTITUTION'].map(
      (s) => html`<label class="check"><input type="radio" name="scope" value=${s} checked=${scope === s} disabled=${!set} onChange=${() => set && set({ scope: s })} />${t('filters.scope.' + s)}</label>`,
    )}
  </fieldset>`;
}
