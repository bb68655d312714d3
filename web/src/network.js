// The map itself: a graphology graph drawn by sigma.js, laid out by
// ForceAtlas2 in a worker (layout.worker.js, a file of its own).
import Graph from 'graphology';
import Sigma from 'sigma';
import { EdgeLineProgram, EdgeRectangleProgram } from 'sigma/rendering';
import { communityColour, personColour, sectorColour, tieColour, unknownColour } from './colours.js';

/* global LAYOUT_WORKER */
let worker = null;
let jobs = 0;
const waiting = new Map();

// warm starts the worker early, so that its script loads while the page
// asks for the network.
export function warm() {
  if (worker) return;
  worker = new Worker(LAYOUT_WORKER);
  worker.onmessage = (e) => {
    const done = waiting.get(e.data.id);
    waiting.delete(e.data.id);
    if (done) done(e.data.xy);
  };
}

// layout answers the positions of nodes (an array of keys) from the
// worker, as a Float64Array of x, y pairs, starting from seeds.
export function layout(nodes, seeds, edges) {
  warm();
  const id = ++jobs;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ id, nodes, seeds, edges });
  });
}

// hash answers a 32-bit FNV-1a hash of s.
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// seed gives every node of g its starting position, the same for the same
// data: communities on a sunflower spiral, largest in the middle, each a
// disc as large as its size allows; a node at a point of its community's
// disc chosen by a hash of its key. ForceAtlas2 then has less to do, and a
// large network shows its structure before the layout settles.
export function seed(g) {
  const sizes = new Map();
  g.forEachNode((_, a) => sizes.set(a.community ?? -1, (sizes.get(a.community ?? -1) || 0) + 1));
  const order = [...sizes.keys()].sort((a, b) => sizes.get(b) - sizes.get(a) || a - b);
  const centre = new Map();
  let ring = 0;
  order.forEach((c, i) => {
    const r = Math.sqrt(sizes.get(c));
    ring = Math.max(ring, r);
    const d = i === 0 ? 0 : 3 * Math.sqrt(i) * ring;
    const angle = i * 2.399963; // the golden angle
    centre.set(c, { x: d * Math.cos(angle), y: d * Math.sin(angle), r: 1.5 * r });
  });
  g.forEachNode((k, a) => {
    const c = centre.get(a.community ?? -1);
    const h = hash(k);
    const u = (h & 0xffff) / 0x10000;
    const v = (h >>> 16) / 0x10000;
    g.mergeNodeAttributes(k, { x: c.x + c.r * Math.sqrt(u) * Math.cos(2 * Math.PI * v), y: c.y + c.r * Math.sqrt(u) * Math.sin(2 * Math.PI * v) });
  });
  return g;
}

// buildGraph turns the API's network into a graphology graph with sizes
// and colours, unlaid. Services inside their institution are the API's to
// fold (the network query's scope INSTITUTION), not the page's.
export function buildGraph(network, { colourBy, sizeBy }) {
  const g = new Graph({ type: 'undirected', multi: false });
  const keyOf = new Map(); // global id → graph node
  for (const n of network.nodes) keyOf.set(n.id, n.type === 'Organisation' ? n.key : 'person:' + n.key);
  for (const n of network.nodes) {
    const k = keyOf.get(n.id);
    if (g.hasNode(k)) continue;
    if (n.type !== 'Organisation') {
      g.addNode(k, { label: n.label, key: n.key, kind: 'person', community: -1, size: 2.5, color: personColour });
      continue;
    }
    g.addNode(k, {
      label: n.label,
      key: n.key,
      kind: 'organisation',
      sector: n.sector,
      community: n.community,
      degree: n.degree,
      betweenness: n.betweenness,
    });
  }
  for (const e of network.edges) {
    const s = keyOf.get(e.source);
    const t = keyOf.get(e.target);
    if (!s || !t || s === t) continue;
    if (g.hasEdge(s, t)) {
      const a = g.getEdgeAttributes(s, t);
      g.mergeEdgeAttributes(s, t, { weight: a.weight + e.weight, kind: a.kind === e.kind ? a.kind : a.kind === 'WORKS_AT' ? e.kind : 'COLLABORATION_PARTNERSHIP' });
    } else {
      g.addEdge(s, t, { weight: e.weight, kind: e.kind });
    }
  }
  const large = g.order > 1500;
  g.forEachEdge((edge, a) => {
    const colour = tieColour[a.kind] || tieColour.COLLABORATION;
    g.mergeEdgeAttributes(edge, {
      size: large ? 0.4 + Math.log2(a.weight) * 0.15 : Math.min(8, 0.6 + Math.log2(a.weight) * 1.2),
      color: large ? colour + '99' : colour,
    });
  });
  return seed(paint(g, { colourBy, sizeBy }));
}

// paint colours and sizes the organisations of g: by sector or community,
// by brokerage (betweenness) or degree.
export function paint(g, { colourBy, sizeBy }) {
  let maxB = 1e-9;
  let maxD = 1;
  g.forEachNode((_, a) => {
    if (a.kind !== 'organisation') return;
    maxB = Math.max(maxB, a.betweenness);
    maxD = Math.max(maxD, a.degree);
  });
  const small = g.order > 1500 ? 0.5 : 1;
  g.forEachNode((k, a) => {
    if (a.kind !== 'organisation') return;
    const metric = sizeBy === 'degree' ? a.degree / maxD : Math.sqrt(a.betweenness / maxB);
    g.mergeNodeAttributes(k, {
      size: small * (3 + 14 * metric),
      color: colourBy === 'community' ? communityColour(a.community) : sectorColour[a.sector] || unknownColour,
    });
  });
  return g;
}

// place lays g out in the worker from its seeded positions and writes the
// final positions into it.
export async function place(g) {
  const nodes = g.nodes();
  const seeds = new Float64Array(nodes.length * 2);
  nodes.forEach((k, i) => {
    seeds[2 * i] = g.getNodeAttribute(k, 'x');
    seeds[2 * i + 1] = g.getNodeAttribute(k, 'y');
  });
  const edges = [];
  g.forEachEdge((_, a, s, t) => edges.push([s, t, a.weight]));
  const xy = await layout(nodes, seeds, edges);
  nodes.forEach((k, i) => g.mergeNodeAttributes(k, { x: xy[2 * i], y: xy[2 * i + 1] }));
  return g;
}

const dim = '#e5e7eb';

// NetworkMap draws a laid-out graph and highlights what the page asks:
// the hovered node's neighbours, a selected node, a path. It is made empty,
// while the page waits for the network (creating the WebGL contexts and
// compiling the shaders takes a while with a software renderer), then
// given each graph to draw.
export class NetworkMap {
  constructor(container, { onClick }) {
    this.g = new Graph({ type: 'undirected' });
    this.hovered = null;
    this.focus = null; // a node: it and its neighbours stand out
    this.path = null; // { nodes: Set, edges: Set }
    this.renderer = new Sigma(this.g, container, {
      defaultEdgeType: 'line',
      edgeProgramClasses: { line: EdgeRectangleProgram, hairline: EdgeLineProgram },
      labelFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      labelSize: 12,
      labelWeight: '500',
      labelColor: { color: '#1f2937' },
      labelDensity: 0.7,
      zIndex: true,
      stagePadding: 24,
      nodeReducer: (node, data) => this.nodeStyle(node, data),
      edgeReducer: (edge, data) => this.edgeStyle(edge, data),
    });
    this.renderer.on('enterNode', ({ node }) => this.hover(node));
    this.renderer.on('leaveNode', () => this.hover(null));
    this.renderer.on('clickNode', ({ node }) => onClick && onClick(this.g.getNodeAttribute(node, 'key'), this.g.getNodeAttribute(node, 'kind')));
  }

  // draw shows g. Above 1,500 organisations ties are hairlines (gl.LINES:
  // a third of the vertices of the thick ones, which a software renderer
  // feels) and fewer labels show.
  draw(g) {
    const large = g.order > 1500;
    this.hovered = null;
    this.g = g;
    this.renderer.setSettings({
      defaultEdgeType: large ? 'hairline' : 'line',
      minEdgeThickness: large ? 0.3 : 0.8,
      labelRenderedSizeThreshold: large ? 9 : 5,
    });
    this.renderer.setGraph(g);
    this.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  }

  // spotlight answers the node whose neighbourhood stands out, if any.
  spotlight() {
    return this.hovered || this.focus;
  }

  nodeStyle(node, data) {
    const res = { ...data };
    const s = this.spotlight();
    if (this.path) {
      if (this.path.nodes.has(node)) {
        res.zIndex = 2;
        res.forceLabel = true;
        res.highlighted = true;
      } else if (node !== s) {
        res.color = dim;
        res.label = '';
        res.zIndex = 0;
      }
    } else if (s) {
      if (node === s || this.g.areNeighbors(node, s)) {
        res.zIndex = 2;
        res.forceLabel = true;
        if (node === s) res.highlighted = true;
      } else {
        res.color = dim;
        res.label = '';
        res.zIndex = 0;
      }
    }
    return res;
  }

  edgeStyle(edge, data) {
    const res = { ...data };
    const s = this.spotlight();
    if (this.path) {
      if (this.path.edges.has(edge)) {
        res.color = '#111827';
        res.size = Math.max(3, data.size);
        res.zIndex = 2;
      } else {
        res.hidden = !s || !this.g.hasExtremity(edge, s);
      }
    } else if (s) {
      if (!this.g.hasExtremity(edge, s)) res.hidden = true;
      else res.zIndex = 1;
    }
    return res;
  }

  hover(node) {
    this.hovered = node;
    this.renderer.refresh({ skipIndexation: true });
  }

  // select makes an organisation (by key) and its neighbours stand out, and
  // moves the camera to it; null clears.
  select(key) {
    this.focus = key && this.g.hasNode(key) ? key : null;
    this.renderer.refresh({ skipIndexation: true });
    if (this.focus) this.centreOn([this.focus, ...this.g.neighbors(this.focus)]);
  }

  // showPath draws a chain of organisation keys.
  showPath(keys) {
    if (!keys || keys.length === 0) {
      this.path = null;
    } else {
      const nodes = new Set(keys.filter((k) => this.g.hasNode(k)));
      const edges = new Set();
      for (let i = 0; i + 1 < keys.length; i++) {
        if (this.g.hasNode(keys[i]) && this.g.hasNode(keys[i + 1]) && this.g.hasEdge(keys[i], keys[i + 1])) edges.add(this.g.edge(keys[i], keys[i + 1]));
      }
      this.path = { nodes, edges };
    }
    this.renderer.refresh({ skipIndexation: true });
    if (this.path) this.centreOn([...this.path.nodes]);
  }

  // centreOn moves the camera so that nodes fill the view, with a margin.
  centreOn(nodes) {
    const pts = nodes.map((n) => this.renderer.getNodeDisplayData(n)).filter(Boolean);
    if (pts.length === 0) return;
    const xs = pts.map((p) => p.x);
    const ys = pts.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const ratio = Math.min(1, Math.max(0.08, Math.max(x1 - x0, y1 - y0) * 1.35));
    this.renderer.getCamera().animate({ x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio }, { duration: 300 });
  }

  zoom(f) {
    const c = this.renderer.getCamera();
    if (f === 0) c.animatedReset({ duration: 200 });
    else if (f > 0) c.animatedZoom({ duration: 200 });
    else c.animatedUnzoom({ duration: 200 });
  }

  // moved redraws the map after the layout changed the positions.
  moved() {
    this.renderer.refresh();
    if (this.path) this.centreOn([...this.path.nodes]);
    else if (this.focus) this.centreOn([this.focus, ...this.g.neighbors(this.focus)]);
  }

  // png draws the map's layers on one white canvas and answers it as a PNG
  // blob; it renders first, in the same task, since WebGL keeps no buffer.
  png() {
    this.renderer.refresh();
    const layers = this.renderer.getCanvases();
    const { width, height } = this.renderer.getDimensions();
    const ratio = window.devicePixelRatio || 1;
    const out = document.createElement('canvas');
    out.width = width * ratio;
    out.height = height * ratio;
    const ctx = out.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, out.width, out.height);
    for (const name of ['edges', 'nodes', 'edgeLabels', 'labels', 'hoverNodes', 'hovers']) {
      if (layers[name]) ctx.drawImage(layers[name], 0, 0, out.width, out.height);
    }
    return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
  }

  kill() {
    this.renderer.kill();
  }
}
