// Line charts drawn as SVG: one <path class="series"> per run, axes with round ticks, a legend.
import {el, svg, formatNumber} from './dom.js';

/** A palette that stays distinguishable for the first ten runs, then repeats. */
export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd',
  '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

/** About `count` round tick values covering [lo, hi]. */
export function ticks(lo, hi, count = 5, integer = false) {
  if (!isFinite(lo) || !isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
  if (integer) step = Math.max(1, Math.round(step));
  const out = [];
  for (let v = Math.ceil(lo / step) * step, i = 0; v <= hi + step * 1e-9 && i < 50; v += step, i++) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

/**
 * Thins a series sorted by x to about 2 * buckets points, keeping each bucket's lowest and highest
 * value so spikes stay visible; shorter series come back unchanged.
 */
export function downsample(points, buckets = 1000) {
  if (points.length <= 2 * buckets) return points;
  const out = [];
  const size = points.length / buckets;
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (!slice.length) continue;
    let lo = slice[0], hi = slice[0];
    for (const p of slice) {
      if (p.y < lo.y) lo = p;
      if (p.y > hi.y) hi = p;
    }
    if (lo === hi) out.push(lo);
    else out.push(...(lo.x <= hi.x ? [lo, hi] : [hi, lo]));
  }
  const last = points[points.length - 1];
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/**
 * Draws a line chart.
 * @param {{title: string, xLabel: string, integerX: boolean, series: {name: string, points: {x: number, y: number}[]}[]}} spec
 * @returns {Element} a <figure> holding the SVG and its legend
 */
export function lineChart(spec) {
  const W = 560, H = 260, L = 64, R = 16, T = 12, B = 36;
  const finite = (p) => typeof p.x === 'number' && typeof p.y === 'number' && isFinite(p.x) && isFinite(p.y);
  const all = spec.series.flatMap((s) => s.points.filter(finite));
  const figure = el('figure', {class: 'chart', 'data-metric': spec.title});
  figure.appendChild(el('figcaption', {}, spec.title));
  if (all.length === 0) {
    figure.appendChild(el('p', {class: 'muted'}, 'No finite values to plot.'));
    return figure;
  }
  let [x0, x1] = [Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x))];
  let [y0, y1] = [Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y))];
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  if (y0 === y1) { const d = Math.abs(y0) * 0.1 || 1; y0 -= d; y1 += d; }
  const sx = (x) => L + (x - x0) / (x1 - x0) * (W - L - R);
  const sy = (y) => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img',
    'aria-label': spec.title});
  const axes = svg('g', {class: 'axes'});
  for (const v of ticks(y0, y1)) {
    axes.appendChild(svg('line', {x1: L, x2: W - R, y1: sy(v), y2: sy(v), class: 'gridline'}));
    axes.appendChild(svg('text', {x: L - 6, y: sy(v) + 4, 'text-anchor': 'end'}, formatNumber(v)));
  }
  for (const v of ticks(x0, x1, 6, spec.integerX)) {
    axes.appendChild(svg('line', {x1: sx(v), x2: sx(v), y1: H - B, y2: H - B + 4, class: 'tick'}));
    axes.appendChild(svg('text', {x: sx(v), y: H - B + 16, 'text-anchor': 'middle'}, formatNumber(v)));
  }
  axes.appendChild(svg('line', {x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis'}));
  axes.appendChild(svg('line', {x1: L, x2: L, y1: T, y2: H - B, class: 'axis'}));
  axes.appendChild(svg('text', {x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', class: 'label'}, spec.xLabel || 'step'));
  root.appendChild(axes);
  const legend = el('ul', {class: 'legend'});
  let thinned = false;
  spec.series.forEach((s, i) => {
    const color = s.color || COLORS[i % COLORS.length];
    const all = s.points.filter(finite).sort((a, b) => a.x - b.x);
    const pts = downsample(all);
    if (pts.length < all.length) thinned = true;
    const d = pts.map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    const path = svg('path', {d: d || 'M0,0', class: 'series', stroke: color, fill: 'none', 'stroke-width': 2,
      'data-run': s.name}, svg('title', {}, s.name));
    root.appendChild(path);
    if (pts.length <= 60) {
      for (const p of pts) {
        root.appendChild(svg('circle', {cx: sx(p.x), cy: sy(p.y), r: 2.5, fill: color, class: 'point'},
          svg('title', {}, `${s.name}\n${spec.xLabel || 'step'} ${formatNumber(p.x)}: ${formatNumber(p.y)}`)));
      }
    }
    legend.appendChild(el('li', {}, el('span', {class: 'swatch', 'data-color': color}), s.name));
  });
  figure.appendChild(root);
  figure.appendChild(legend);
  if (thinned) figure.appendChild(el('p', {class: 'muted small'}, 'Long histories drawn from the lowest and highest value of each of 1000 intervals.'));
  // Swatch colours through the CSSOM: the page's Content-Security-Policy forbids inline style attributes.
  for (const sw of legend.querySelectorAll('.swatch')) sw.style.background = sw.dataset.color;
  return figure;
}
