"""A tree's graph drawn as SVG, laid out here at build time (no JavaScript, nothing fetched).

A small layered layout (Sugiyama's steps, simply): each vertex goes one layer below its lowest parent,
an edge crossing layers passes through a waypoint in each, and a few sweeps order each layer by the
mean position of its neighbours to cut crossings. Every text is escaped; the full labels are in each
shape's <title> (a tooltip) and in the page's lists.
"""

from __future__ import annotations

import itertools
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from bot.maintain.graph import Graph, Vertex

BOX_WIDTH = 190
CHARS_PER_LINE = 27  # at 12px sans-serif, what fits in BOX_WIDTH with its padding
MAX_LINES = 5
LINE_HEIGHT = 15
PAD = 10
GAP_X = 30
GAP_Y = 80  # room for the edge labels between layers
WAYPOINT_WIDTH = 24
EDGE_LABEL_CHARS = 26


@dataclass
class _Box:
    id: str
    vertex: Vertex | None  # None for an edge's waypoint
    lines: list[str]
    width: float
    height: float
    layer: int = 0
    x: float = 0.0  # centre
    y: float = 0.0  # top


def _lines(vertex: Vertex) -> list[str]:
    text = f"{vertex.target}: {vertex.label}" if vertex.kind == "outcome" else vertex.label
    lines = textwrap.wrap(text, CHARS_PER_LINE) or [""]
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES - 1], lines[MAX_LINES - 1][:CHARS_PER_LINE - 1] + "…"]
    return lines


def _layers(graph: Graph) -> dict[str, int]:
    """Longest path from the roots, over the edges that point forward (a back edge, if any, is ignored)."""
    children: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        children[edge.source].append(edge.target)
    order: list[str] = []
    state: dict[str, int] = {}
    back: set[tuple[str, str]] = set()

    def visit(vertex: str) -> None:
        state[vertex] = 1
        for child in children[vertex]:
            if state.get(child) == 1:
                back.add((vertex, child))
            elif child not in state:
                visit(child)
        state[vertex] = 2
        order.append(vertex)

    for vertex in graph.vertices:  # the tree's nodes first, its start node among them
        if vertex.id not in state:
            visit(vertex.id)
    layer = dict.fromkeys(state, 0)
    for name in reversed(order):  # topological order
        for child in children[name]:
            if (name, child) not in back:
                layer[child] = max(layer[child], layer[name] + 1)
    return layer


@dataclass(frozen=True)
class _Line:
    points: list[str]  # box ids: the source, the waypoints, the target
    label: str


def _build(graph: Graph) -> tuple[dict[str, _Box], list[_Line]]:
    layer = _layers(graph)
    boxes: dict[str, _Box] = {}
    for vertex in graph.vertices:
        lines = _lines(vertex)
        boxes[vertex.id] = _Box(vertex.id, vertex, lines, BOX_WIDTH, len(lines) * LINE_HEIGHT + 2 * PAD,
                                layer[vertex.id])
    labels: dict[tuple[str, str], list[str]] = defaultdict(list)  # parallel edges share one line
    for edge in graph.edges:
        if edge.target in boxes:
            labels[edge.source, edge.target].append(edge.label)
    drawn = []
    for (source, target), said in labels.items():
        points = [source]
        low, high = boxes[source].layer, boxes[target].layer
        for step in range(low + 1, high) if low < high else range(low - 1, high, -1):
            waypoint = f"{source}>{target}#{step}"
            boxes[waypoint] = _Box(waypoint, None, [], WAYPOINT_WIDTH, 0, step)
            points.append(waypoint)
        drawn.append(_Line([*points, target], " / ".join(said)))
    return boxes, drawn


def _order(boxes: dict[str, _Box], lines: list[_Line]) -> list[list[_Box]]:
    rows: dict[int, list[_Box]] = defaultdict(list)
    for box in boxes.values():
        rows[box.layer].append(box)
    layers = [rows[i] for i in range(max(rows, default=-1) + 1)]
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        for a, b in itertools.pairwise(line.points):
            down[a].append(b)
            up[b].append(a)

    def sweep(ordered: list[list[_Box]], neighbours: dict[str, list[str]]) -> None:
        """Each row sorted by the mean position of its neighbours in the row before (a box without any keeps
        its place)."""
        for before, row in itertools.pairwise(ordered):
            position = {box.id: i for i, box in enumerate(before)}
            keys = {}
            for i, box in enumerate(row):
                near = [position[n] for n in neighbours[box.id] if n in position]
                keys[box.id] = sum(near) / len(near) if near else i
            row.sort(key=lambda box: keys[box.id])

    for _ in range(4):
        sweep(layers, up)
        layers.reverse()
        sweep(layers, down)
        layers.reverse()
    return layers


def _place(layers: list[list[_Box]]) -> tuple[float, float]:
    widths = [sum(b.width for b in row) + GAP_X * (len(row) - 1) for row in layers]
    width = max(widths, default=0) + 2 * PAD
    y: float = PAD
    for row, row_width in zip(layers, widths, strict=True):
        x = (width - row_width) / 2
        for box in row:
            box.x, box.y = x + box.width / 2, y
            x += box.width + GAP_X
        y += max((b.height for b in row), default=0) + GAP_Y
    return width, y - GAP_Y + PAD


def _path(points: list[_Box]) -> str:
    """Bottom of the source to the top of the target through the waypoints, as smooth vertical curves."""
    xy = [(points[0].x, points[0].y + points[0].height)]
    xy += [(p.x, p.y) for p in points[1:-1]]
    xy.append((points[-1].x, points[-1].y))
    parts = [f"M{xy[0][0]:.1f},{xy[0][1]:.1f}"]
    for (x1, y1), (x2, y2) in itertools.pairwise(xy):
        middle = (y1 + y2) / 2
        parts.append(f"C{x1:.1f},{middle:.1f} {x2:.1f},{middle:.1f} {x2:.1f},{y2:.1f}")
    return " ".join(parts)


def _shape(box: _Box, href: str | None) -> str:
    vertex = box.vertex
    assert vertex is not None
    left, top = box.x - box.width / 2, box.y
    radius = {"question": 3, "outcome": 16, "entry": 6}[vertex.kind]
    full = f"{vertex.target}: {vertex.label}" if vertex.kind == "outcome" else vertex.label
    parts = [f'<g class="node {vertex.kind}" data-id="{escape(vertex.id)}">', f"<title>{escape(full)}</title>",
             f'<rect x="{left:.1f}" y="{top:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" '
             f'rx="{radius}"/>']
    if vertex.kind == "entry":
        parts.append(f'<rect class="inner" x="{left + 4:.1f}" y="{top + 4:.1f}" width="{box.width - 8:.1f}" '
                     f'height="{box.height - 8:.1f}" rx="{radius - 2}"/>')
    for i, line in enumerate(box.lines):
        parts.append(f'<text x="{box.x:.1f}" y="{top + PAD + 11 + i * LINE_HEIGHT:.1f}">{escape(line)}</text>')
    parts.append("</g>")
    shape = "".join(parts)
    return f'<a href="{escape(href)}">{shape}</a>' if href else shape


@dataclass
class _Label:
    shown: str
    full: str
    x: float  # centre
    y: float
    width: float


def _labels(lines: list[_Line], boxes: dict[str, _Box]) -> list[_Label]:
    """Each edge's label on its first segment, just above the next layer, where a node's branches have spread
    apart; the labels of one gap are then pushed apart, left to right, so that none covers another."""
    labels = []
    for line in lines:
        first, second = boxes[line.points[0]], boxes[line.points[1]]
        shown = line.label if len(line.label) <= EDGE_LABEL_CHARS else line.label[:EDGE_LABEL_CHARS - 1] + "…"
        labels.append(_Label(shown, line.label, first.x + (second.x - first.x) * 0.75, second.y - GAP_Y * 0.3,
                             len(shown) * 5.6 + 8))
    rows: dict[float, list[_Label]] = defaultdict(list)
    for label in labels:
        rows[label.y].append(label)
    for row in rows.values():
        row.sort(key=lambda label: label.x)
        wanted = sum(label.x for label in row)
        for left, right in itertools.pairwise(row):
            right.x = max(right.x, left.x + (left.width + right.width) / 2 + 4)
        shift = (sum(label.x for label in row) - wanted) / len(row)  # re-centred on where they were wanted
        shift = min(shift, row[0].x - row[0].width / 2 - PAD)
        for label in row:
            label.x -= shift
    return labels


def _label(label: _Label) -> str:
    return (f'<g class="edge-label"><title>{escape(label.full)}</title>'
            f'<rect x="{label.x - label.width / 2:.1f}" y="{label.y - 9:.1f}" width="{label.width:.1f}" '
            f'height="14" rx="3"/><text x="{label.x:.1f}" y="{label.y + 1.5:.1f}">{escape(label.shown)}</text></g>')


def svg(graph: Graph, links: dict[str, str] | None = None) -> str:
    """The graph as an inline <svg>; `links` maps a vertex id to the href its shape links to."""
    boxes, lines = _build(graph)
    width, height = _place(_order(boxes, lines))
    labels = _labels(lines, boxes)
    width = max([width, *(label.x + label.width / 2 + PAD for label in labels)])
    links = links or {}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" width="{width:.0f}" '
           f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" aria-label="{escape(graph.tree)} tree">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>']
    out += [f'<path class="edge" marker-end="url(#arrow)" d="{_path([boxes[p] for p in line.points])}"/>'
            for line in lines]
    out += [_label(label) for label in labels]
    out += [_shape(box, links.get(box.id)) for box in boxes.values() if box.vertex is not None]
    out.append("</svg>")
    return "\n".join(out)
