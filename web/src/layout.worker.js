// Lays the network out off the main thread with ForceAtlas2. Deterministic:
// every node starts where a hash of its key puts it, and the number of
// iterations depends only on the size of the network, so the same data
// always gives the same picture.
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';

// hash answers a 32-bit FNV-1a hash of s.
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

self.onmessage = (e) => {
  const { id, nodes, edges } = e.data;
  const g = new Graph({ type: 'undirected', multi: false });
  for (const key of nodes) {
    const h = hash(key);
    const h2 = hash(key + '#');
    g.addNode(key, { x: ((h % 10007) / 10007) * 100 - 50, y: ((h2 % 10009) / 10009) * 100 - 50 });
  }
  for (const [s, t, w] of edges) {
    if (s !== t && !g.hasEdge(s, t)) g.addEdge(s, t, { weight: w });
  }
  const n = g.order;
  const iterations = n <= 300 ? 500 : n <= 2000 ? 200 : 100;
  const settings = forceAtlas2.inferSettings(g);
  settings.barnesHutOptimize = n > 300;
  settings.edgeWeightInfluence = 0.5;
  settings.gravity = 1;
  forceAtlas2.assign(g, { iterations, settings, getEdgeWeight: 'weight' });
  const xy = new Float64Array(n * 2);
  nodes.forEach((key, i) => {
    xy[2 * i] = g.getNodeAttribute(key, 'x');
    xy[2 * i + 1] = g.getNodeAttribute(key, 'y');
  });
  self.postMessage({ id, xy }, [xy.buffer]);
};
