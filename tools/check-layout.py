#!/usr/bin/env python3
"""Checks the layering of lib/: no include cycle between its modules (a module is a .c
file with its .h), and no file over the size limit. Exits 1 and says what is wrong."""
import os
import re
import sys

MAX_LINES = 800
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main(root):
    lib = os.path.join(root, "lib")
    files = {}
    for dirpath, _, names in os.walk(lib):
        for name in names:
            if name.endswith((".c", ".h")):
                path = os.path.join(dirpath, name)
                files[os.path.relpath(path, lib)] = open(path, encoding="utf-8").read()

    problems = []
    for rel, text in sorted(files.items()):
        lines = text.count("\n")
        if lines > MAX_LINES:
            problems.append(f"lib/{rel}: {lines} lines (limit {MAX_LINES})")

    def module(rel):
        return os.path.splitext(rel)[0]

    graph = {}
    for rel, text in files.items():
        here = os.path.dirname(rel)
        for inc in INCLUDE.findall(text):
            for cand in (inc, os.path.normpath(os.path.join(here, inc))):
                if cand in files:
                    a, b = module(rel), module(cand)
                    if a != b:
                        graph.setdefault(a, set()).add(b)
                    break

    # Tarjan's strongly connected components: any with two or more modules is a cycle.
    index, low, stack, on, sccs = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    for v in sorted(set(graph) | {w for ws in graph.values() for w in ws}):
        if v not in index:
            visit(v)
    for comp in sccs:
        problems.append("include cycle between modules: " + " ↔ ".join(comp))

    for p in problems:
        print(p)
    if not problems:
        print(f"lib/: {len(files)} files, no include cycle, none over {MAX_LINES} lines")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")))
