// The map itself: a graphology graph drawn by sigma.js, laid out by
// ForceAtlas2 in a worker (layout.worker.js, a file of its own).
import Graph from 'graphology';
import Sigma from 'sigma';
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
// worker, as a Float64Array of x, y pairs.
export function layout(nodes, edges) {
  warm();
  const id = ++jobs;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ id, nodes, edges });
  });
}

// buildGraph turns the API's network (and the services-inside option's
// parent map) into a graphology graph with sizes and colours, unlaid.
export function buildGraph(network, { parents, colourBy, sizeBy }) {
  const g = new Graph({ type: 'undirected', multi: false });
  const keyOf = new Map(); // global id → graph node (merged into its institution when parents is set)
  const byKey = new Map(network.nodes.filter((n) => n.type === 'Organisation').map((n) => [n.key, n]));
  const top = (key) => {
    let k = key;
    for (let i = 0; parents && parents.has(k) && byKey.has(parents.get(k)) && i < 10; i++) k = parents.get(k);
    return k;
  };
  for (const n of network.nodes) {
    if (n.type === 'Organisation') {
      const k = top(n.key);
      keyOf.set(n.id, k);
      if (k !== n.key) continue;
    } else {
      keyOf.set(n.id, 'person:' + n.key);
    }
  }
  for (const n of network.nodes) {
    const k = keyOf.get(n.id);
    if (g.hasNode(k)) continue;
    if (n.type !== 'Organisation') {
      g.addNode(k, { label: n.label, key: n.key, type: 'circle', kind: 'person', size: 2.5, color: personColour });
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
  g.forEachEdge((edge, a) => {
    g.mergeEdgeAttributes(edge, { size: Math.min(8, 0.6 + Math.log2(a.weight) * 1.2), color: tieColour[a.kind] || tieColour.COLLABORATION });
  });
  return paint(g, { colourBy, sizeBy });
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

// place lays g out in the worker and writes the positions into it.
export async function place(g) {
  const nodes = g.nodes();
  const edges = [];
  g.forEachEdge((_, a, s, t) => edges.push([s, t, a.weight]));
  const xy = await layout(nodes, edges);
  nodes.forEach((k, i) => g.mergeNodeAttributes(k, { x: xy[2 * i], y: xy[2 * i + 1] }));
  return g;
}

const dim = '#e5e7eb';

// NetworkMap draws a laid-out graph and highlights what the page asks:
// the hovered node's neighbours, a selected node, a path.
export class NetworkMap {
  constructor(container, g, { onClick, labelsThreshold }) {
    this.g = g;
    this.hovered = null;
    this.focus = null; // a node: it and its neighbours stand out
    this.path = null; // { nodes: Set, edges: Set }
    this.renderer = new Sigma(g, container, {
      defaultEdgeType: 'line',
      labelFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      labelSize: 12,
      labelWeight: '500',
      labelColor: { color: '#1f2937' },
      labelRenderedSizeThreshold: labelsThreshold,
      labelDensity: 0.7,
      minEdgeThickness: 0.8,
      zIndex: true,
      stagePadding: 24,
      nodeReducer: (node, data) => this.nodeStyle(node, data),
      edgeReducer: (edge, data) => this.edgeStyle(edge, data),
    });
    this.renderer.on('enterNode', ({ node }) => this.hover(node));
    this.renderer.on('leaveNode', () => this.hover(null));
    this.renderer.on('clickNode', ({ node }) => onClick && onClick(this.g.getNodeAttribute(node, 'key'), this.g.getNodeAttribute(node, 'kind')));
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
