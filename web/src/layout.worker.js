// Lays the network out off the main thread with ForceAtlas2. Deterministic:
// every node starts where the page seeded it (from its community and a
// hash of its key, network.js), and the number of iterations depends only
// on the size of the network, so the same data always gives the same
// picture.
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';

self.onmessage = (e) => {
  const { id, nodes, seeds, edges } = e.data;
  const g = new Graph({ type: 'undirected', multi: false });
  nodes.forEach((key, i) => g.addNode(key, { x: seeds[2 * i], y: seeds[2 * i + 1] }));
  for (const [s, t, w] of edges) {
    if (s !== t && !g.hasEdge(s, t)) g.addEdge(s, t, { weight: w });
  }
  const n = g.order;
  const iterations = n <= 300 ? 500 : n <= 2000 ? 150 : 50;
  const settings = forceAtlas2.inferSettings(g);
  settings.barnesHutOptimize = n > 300;
  settings.barnesHutTheta = n > 2000 ? 1.2 : 0.5;
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
