// The page's language: ?lang= first, then the browser's languages (French
// for a French browser, Dutch for a Dutch one), English otherwise. Every
// text comes from one dictionary per language.
import en from './i18n/en.js';
import fr from './i18n/fr.js';
import nl from './i18n/nl.js';

export const dictionaries = { fr, nl, en };
export const languages = ['fr', 'nl', 'en'];

// pickLanguage answers the language for a ?lang= value and the browser's
// preferred languages.
export function pickLanguage(param, preferred) {
  if (languages.includes(param)) return param;
  for (const l of preferred || []) {
    const base = String(l).toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'nl') return base;
    if (base === 'en') return 'en';
  }
  return 'en';
}

// translator answers t(key, params) for lang; an unknown key answers the
// key itself, so a missing text shows rather than breaks.
export function translator(lang) {
  const d = dictionaries[lang] || en;
  const t = (key, params) => {
    let s = d[key] ?? en[key] ?? key;
    if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
    return s;
  };
  // tr translates a data value (a sector, a kind, a role) under prefix,
  // and shows the value itself when the dictionary does not know it.
  t.value = (prefix, v) => (v == null || v === '' ? '' : d[`${prefix}.${v}`] ?? v);
  t.lang = lang;
  t.number = (n, digits = 0) => new Intl.NumberFormat(lang + '-BE', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
  // domain labels come from the API, in French, Dutch and English; an empty
  // one shows the French label.
  t.domain = (d) => (d ? (lang === 'nl' ? d.labelNl : lang === 'en' ? d.labelEn : '') || d.labelFr : '');
  return t;
}
