"""Writes the benchmark chart as a dependency-free SVG: one group of
horizontal bars per kernel, one bar per runtime, length = run time divided
by native clang-19 -O2's on a log2 axis (shorter is faster)."""
import math
from xml.sax.saxutils import escape

COLORS = ["#444444", "#888888", "#d95f02", "#fdae61", "#1b9e77", "#66c2a5", "#7570b3",
          "#b3b0e0", "#e7298a", "#f4a6cf", "#66a61e", "#a6761d", "#e6ab02"]


def write_svg(path, kernels, runtimes, res):
    bars = [(rt, label) for rt, label in runtimes
            if any(isinstance(res[k].get(rt), dict) for k in kernels)]
    ratios = {}
    for k in kernels:
        ref = res[k].get("clang")
        for rt, _ in bars:
            c = res[k].get(rt)
            if isinstance(c, dict) and isinstance(ref, dict):
                ratios[(k, rt)] = c["wall"] / ref["wall"]
    # A last group: the geomean over the kernels each runtime ran.
    rows = list(kernels)
    if len(kernels) > 1:
        rows.append("geomean")
        for rt, _ in bars:
            rs = [ratios[(k, rt)] for k in kernels if (k, rt) in ratios]
            if rs:
                ratios[("geomean", rt)] = math.exp(sum(math.log(r) for r in rs) / len(rs))
    kernels = rows
    hi = max([2.0] + list(ratios.values()))
    lo = min([0.5] + list(ratios.values()))
    lmin, lmax = math.floor(math.log2(lo)), math.ceil(math.log2(hi))
    bar_h, gap, left, width, top = 9, 10, 110, 560, 30
    group = bar_h * len(bars) + gap
    height = top + group * len(kernels) + 20 + 16 * len(bars)

    def x(r):
        return left + (math.log2(r) - lmin) / (lmax - lmin) * width

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" height="{height}" '
           'font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="16" font-size="13">Run time relative to native clang-19 -O2 (log scale; shorter is faster)</text>']
    for e in range(lmin, lmax + 1):
        xx = x(2.0 ** e)
        out.append(f'<line x1="{xx:.1f}" y1="{top - 4}" x2="{xx:.1f}" y2="{top + group * len(kernels)}" '
                   f'stroke="{"#000" if e == 0 else "#ddd"}"/>')
        label = f"{2.0 ** e:g}x"
        out.append(f'<text x="{xx:.1f}" y="{top + group * len(kernels) + 12}" text-anchor="middle">{label}</text>')
    for i, k in enumerate(kernels):
        y0 = top + i * group
        weight = ' font-weight="bold"' if k == "geomean" else ""
        out.append(f'<text x="{left - 6}" y="{y0 + group / 2}" text-anchor="end"{weight}>{escape(k)}</text>')
        for j, (rt, _) in enumerate(bars):
            r = ratios.get((k, rt))
            if r is None:
                continue
            x0, x1 = x(2.0 ** lmin), x(r)
            out.append(f'<rect x="{x0:.1f}" y="{y0 + j * bar_h}" width="{max(x1 - x0, 1):.1f}" height="{bar_h - 1}" '
                       f'fill="{COLORS[j % len(COLORS)]}"><title>{escape(k)} {escape(rt)}: {r:.2f}x</title></rect>')
    ly = top + group * len(kernels) + 26
    for j, (rt, label) in enumerate(bars):
        out.append(f'<rect x="{left}" y="{ly + j * 16}" width="12" height="10" fill="{COLORS[j % len(COLORS)]}"/>')
        out.append(f'<text x="{left + 18}" y="{ly + j * 16 + 9}">{escape(label)}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
