// The directory record of an organisation on its card: how to reach it,
// where and when it receives people, whom it serves, its identifiers and
// what it offers. Only what is known shows; nothing at all when nothing is.
import { html } from 'htm/preact';

// pick answers the text in the page's language, else in the other one.
const pick = (t, fr, nl) => (t.lang === 'nl' ? nl || fr : fr || nl) || '';

// hasRecord reports whether o has anything of a directory record.
export function hasRecord(o) {
  const texts = ['nameFr', 'nameNl', 'descriptionFr', 'descriptionNl', 'website', 'hoursNoteFr', 'hoursNoteNl', 'eligibilityFr',
    'eligibilityNl', 'accessFr', 'accessNl', 'costFr', 'costNl'];
  const lists = ['emails', 'phones', 'addresses', 'schedules', 'identifiers', 'services'];
  return texts.some((k) => o[k]) || lists.some((k) => (o[k] || []).length > 0);
}

const safeURL = (u) => /^https?:\/\//i.test(u || '');

function schedule(t, s) {
  const days = s.days.map((d) => t.value('day', d)).join(', ');
  const valid = [s.validFrom && t('card.validFrom', { date: s.validFrom }), s.validTo && t('card.validTo', { date: s.validTo })].filter(Boolean);
  return `${days} ${s.opens}–${s.closes}${valid.length ? ' (' + valid.join(', ') + ')' : ''}`;
}

function address(t, a) {
  const kind = a.kind === 'PHYSICAL' ? '' : ` (${t.value('address', a.kind)})`;
  return `${a.street}${a.number ? ' ' + a.number : ''}, ${a.postcode} ${a.commune}${kind}`;
}

export function Directory({ t, o }) {
  if (!hasRecord(o)) return null;
  const names = [o.nameFr, o.nameNl].filter((n) => n && n !== o.name);
  const description = pick(t, o.descriptionFr, o.descriptionNl);
  const fact = (key, value) => value && html`<dt>${t(key)}</dt><dd>${value}</dd>`;
  return html`<section class="directory" data-testid="directory" aria-labelledby="directory-title">
    <h3 id="directory-title">${t('card.directory')}</h3>
    ${description && html`<p class="description">${description}</p>`}
    <dl class="facts">
      ${names.length > 0 && fact('card.names', names.join(' · '))}
      ${safeURL(o.website) && fact('card.website', html`<a href=${o.website} rel="noopener noreferrer" data-testid="website">${o.website.replace(/^https?:\/\//i, '').replace(/\/$/, '')}</a>`)}
      ${o.emails.length > 0 && fact('card.emails', html`<ul class="plain">${o.emails.map((e) => html`<li><a href=${'mailto:' + e}>${e}</a></li>`)}</ul>`)}
      ${o.phones.length > 0 &&
      fact('card.phones', html`<ul class="plain" data-testid="phones">${o.phones.map(
        (p) => html`<li><a href=${'tel:' + p.number.replace(/[^+\d]/g, '')}>${p.number}</a>${p.kind !== 'VOICE' ? ` (${t.value('phone', p.kind)})` : ''}${p.description ? ' — ' + p.description : ''}</li>`,
      )}</ul>`)}
      ${o.addresses.length > 0 && fact('card.addresses', html`<ul class="plain" data-testid="addresses">${o.addresses.map((a) => html`<li>${address(t, a)}</li>`)}</ul>`)}
      ${o.schedules.length > 0 && fact('card.hours', html`<ul class="plain" data-testid="hours">${o.schedules.map((s) => html`<li>${schedule(t, s)}</li>`)}</ul>`)}
      ${fact('card.hoursNote', pick(t, o.hoursNoteFr, o.hoursNoteNl))}
      ${o.languages.length > 0 && fact('card.languages', o.languages.map((l) => t.value('language', l)).join(', '))}
      ${fact('card.eligibility', pick(t, o.eligibilityFr, o.eligibilityNl))}
      ${fact('card.access', pick(t, o.accessFr, o.accessNl))}
      ${fact('card.cost', pick(t, o.costFr, o.costNl))}
      ${o.identifiers.length > 0 && fact('card.identifiers', o.identifiers.map((i) => `${i.scheme} ${i.value}`).join(' · '))}
    </dl>
    ${o.services.length > 0 &&
    html`<h4>${t('card.offers')}</h4>
      <ul class="services" data-testid="services">
        ${o.services.map((s) => {
          const more = [pick(t, s.descriptionFr, s.descriptionNl), s.domains.map((d) => t.domain(d)).join(', '), pick(t, s.eligibilityFr, s.eligibilityNl)].filter(Boolean);
          return html`<li><strong>${pick(t, s.nameFr, s.nameNl)}</strong>${more.length ? html` <span class="meta">${more.join(' · ')}</span>` : ''}</li>`;
        })}
      </ul>`}
  </section>`;
}
