// Colours of the map: one per sector (colour-blind safe, after Okabe and
// Ito), a palette for communities, and one per kind of tie.
export const sectors = ['CPAS', 'ASSOCIATIF', 'COMMUNAL', 'PUBLIC', 'MIXTE'];

export const sectorColour = {
  CPAS: '#d55e00',
  ASSOCIATIF: '#0072b2',
  COMMUNAL: '#009e73',
  PUBLIC: '#cc79a7',
  MIXTE: '#e69f00',
};
export const unknownColour = '#8a8f98';
export const personColour = '#4b5563';

const palette = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4', '#b2df8a', '#fb9a99', '#cab2d6', '#6a3d9a'];
export const communityColour = (c) => (c < 0 ? unknownColour : palette[c % palette.length]);

export const tieColour = {
  COLLABORATION: '#9aa5b8',
  PARTNERSHIP: '#c2410c',
  COLLABORATION_PARTNERSHIP: '#9883c9',
  WORKS_AT: '#c7ccd4',
};

export const tieKinds = ['COLLABORATION', 'PARTNERSHIP', 'COLLABORATION_PARTNERSHIP'];
