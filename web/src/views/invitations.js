// Whom to invite to a meeting about a domain: the group whose meeting would
// create the most new ties between sectors, each organisation with why
// (meetingInvitations, its explanations in the page's language).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { gql, Q } from '../api.js';
import { href } from '../route.js';
import { ErrorBox, Loading, SectorTag } from './common.js';

// organiserKey answers the key of the best search match for text.
async function organiserKey(text) {
  const d = await gql(Q.search, { text, types: ['ORGANISATION'], first: 1 });
  return d.search[0] ? d.search[0].node.key : null;
}

export function InvitationsView({ t, route, domains }) {
  const [size, setSize] = useState(10);
  const [organiser, setOrganiser] = useState('');
  const [asked, setAsked] = useState({ size: 10, include: [] });
  const [state, setState] = useState({});
  const [formError, setFormError] = useState(null);
  const domain = route.domain || '';
  const lang = t.lang.toUpperCase();

  useEffect(() => {
    if (!domain) {
      setState({});
      return undefined;
    }
    let live = true;
    setState({ loading: true });
    gql(Q.invitations, { domain, size: asked.size, include: asked.include, lang })
      .then((d) => live && setState({ data: d.meetingInvitations }))
      .catch((error) => live && setState({ error }));
    return () => {
      live = false;
    };
  }, [domain, asked, lang]);

  const submit = async (e) => {
    e.preventDefault();
    setFormError(null);
    const form = new FormData(e.target);
    const d = form.get('domain');
    let include = [];
    if (organiser.trim()) {
      let key = null;
      try {
        key = await organiserKey(organiser.trim());
      } catch (err) {
        return setFormError(t('error.' + err.code));
      }
      if (!key) return setFormError(t('inv.unknownOrganiser', { text: organiser }));
      include = [key];
    }
    setAsked({ size: Number(size) || 10, include });
    if (d !== domain) location.hash = href.invitations(d);
  };

  const r = state.data;
  return html`<div class="page invitations">
    <h2>${t('inv.title')}</h2>
    <p class="lead">${t('inv.help')}</p>
    <section>
      <form class="inv-form" onSubmit=${submit} data-testid="invitations-form">
        <label>${t('inv.domain')}
          <select name="domain" required value=${domain}>
            <option value="" disabled>${t('inv.pick')}</option>
            ${(domains || []).map((d) => html`<option value=${d.key}>${t.domain(d)}</option>`)}
          </select>
        </label>
        <label>${t('inv.size')} <input type="number" name="size" min="2" max="50" value=${size} onInput=${(e) => setSize(e.target.value)} /></label>
        <label>${t('inv.organiser')} <input type="search" name="organiser" value=${organiser} onInput=${(e) => setOrganiser(e.target.value)} autocomplete="off" /></label>
        <button type="submit">${t('inv.submit')}</button>
        ${formError && html`<p class="error" role="alert">${formError}</p>`}
      </form>
    </section>
    ${domain &&
    html`<section aria-labelledby="inv-result" aria-busy=${state.loading ? 'true' : 'false'} data-testid="invitations">
      <h3 id="inv-result">${t('inv.group', { domain: t.domain((domains || []).find((d) => d.key === domain) || { labelFr: domain }) })}</h3>
      ${state.loading && html`<${Loading} t=${t} />`}
      <${ErrorBox} t=${t} error=${state.error} />
      ${r &&
      (r.organisations.length === 0
        ? html`<p class="empty">${t('inv.empty')}</p>`
        : html`<p data-testid="invitations-summary">${t('inv.summary', { n: r.organisations.length, new: r.newCrossSectorPairs, tied: r.alreadyTiedPairs })}
              ${' '}${r.score >= r.upperBound ? t('inv.best') : t('inv.bound', { score: t.number(r.score, 1), bound: t.number(r.upperBound, 1) })}</p>
            <table class="data">
              <thead><tr><th scope="col">${t('col.organisations')}</th><th scope="col">${t('col.meets')}</th><th scope="col">${t('col.reasons')}</th></tr></thead>
              <tbody>${r.organisations.map(
                (o) => html`<tr>
                  <th scope="row"><a href=${href.organisation(o.organisation.key)}>${o.organisation.name}</a> <${SectorTag} t=${t} sector=${o.organisation.sector} />
                    ${o.included && html` <span class="badge">${t('inv.organiserTag')}</span>`}</th>
                  <td class="num">${o.newPartners.length}</td>
                  <td><ul class="plain">${o.explanations.filter((e) => e.code !== 'INVITATION_INCLUDED').map((e) => html`<li>${e.text}</li>`)}</ul></td>
                </tr>`,
              )}</tbody>
            </table>`)}
    </section>`}
  </div>`;
}
