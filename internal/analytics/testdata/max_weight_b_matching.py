#!/usr/bin/env python3
"""Print the weight of a maximum-weight b-matching for each instance.

Reads a JSON list of instances from the file named as the first argument;
each instance is {"capacity": [b0, b1, ...], "edges": [[i, j, weight], ...]}
with positive weights and at most one edge per pair. Prints one integer per
line: the largest total weight of a set of edges in which each vertex v is an
end of at most capacity[v] edges, each edge used once, the reference
MaxWeightBMatching is checked against (TestMaxWeightBMatchingAgainstNetworkx).

When every capacity is at most 1 this is networkx.max_weight_matching on the
graph itself. Otherwise it is networkx.max_weight_matching on the textbook
reduction, built here from the definition: capacity[v] copies of each vertex
v, and for every edge u-v of weight w two vertices of its own, e_u and e_v,
with three edges of weight w: every copy of u to e_u, e_u to e_v, e_v to
every copy of v. An optimal matching takes e_u-e_v (w) for an unused edge and
a copy of u to e_u plus e_v to a copy of v (2w) for a used one, so the
b-matching weighs the matching's weight minus the sum of all edge weights.
"""
import json
import sys

import networkx as nx


def solve(capacity, edges):
    g = nx.Graph()
    if all(b <= 1 for b in capacity):
        for i, j, w in edges:
            if capacity[i] == 1 and capacity[j] == 1:
                g.add_edge(i, j, weight=w)
        m = nx.max_weight_matching(g, maxcardinality=False)
        return sum(g[a][b]["weight"] for a, b in m)
    for k, (i, j, w) in enumerate(edges):
        eu, ev = ("e", k, i), ("e", k, j)
        g.add_edge(eu, ev, weight=w)
        for c in range(capacity[i]):
            g.add_edge(("v", i, c), eu, weight=w)
        for c in range(capacity[j]):
            g.add_edge(ev, ("v", j, c), weight=w)
    m = nx.max_weight_matching(g, maxcardinality=False)
    return sum(g[a][b]["weight"] for a, b in m) - sum(w for _, _, w in edges)


def main():
    with open(sys.argv[1]) as f:
        instances = json.load(f)
    for inst in instances:
        print(solve(inst["capacity"], inst["edges"]))


if __name__ == "__main__":
    main()
