#!/usr/bin/env python3
"""Print networkx's maximum-weight matching weight for each instance.

Reads a JSON list of instances from the file named as the first argument;
each instance is {"n": vertices, "edges": [[i, j, weight], ...]}. Prints one
integer per line: the total weight of networkx.max_weight_matching
(maxcardinality=False), the reference the Go blossom implementation is
checked against (TestMaxWeightMatchingAgainstNetworkx).
"""
import json
import sys

import networkx as nx


def main():
    with open(sys.argv[1]) as f:
        instances = json.load(f)
    for inst in instances:
        g = nx.Graph()
        g.add_nodes_from(range(inst["n"]))
        for i, j, w in inst["edges"]:
            if g.has_edge(i, j) and g[i][j]["weight"] >= w:
                continue
            g.add_edge(i, j, weight=w)
        m = nx.max_weight_matching(g, maxcardinality=False)
        print(sum(g[i][j]["weight"] for i, j in m))


if __name__ == "__main__":
    main()
