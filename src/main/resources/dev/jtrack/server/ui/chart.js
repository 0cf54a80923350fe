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

/** [min, max] of numbers without spreading them into arguments (histories can be long). */
export function extent(values) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

const W = 560, H = 260, L = 64, R = 16, T = 12, B = 36;

/**
 * The SVG, scales and axes for points [{x, y}] (y already on the plotted scale: log10 when logY).
 * Returns {root, sx, sy}.
 */
function frame(points, spec) {
  let [x0, x1] = extent(points.map((p) => p.x));
  let [y0, y1] = extent(points.map((p) => p.y));
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  if (y0 === y1) { const d = Math.abs(y0) * 0.1 || 1; y0 -= d; y1 += d; }
  if (spec.pad) { // room around dots at the extremes
    const dx = (x1 - x0) * spec.pad, dy = (y1 - y0) * spec.pad;
    x0 -= dx; x1 += dx; y0 -= dy; y1 += dy;
  }
  const sx = (x) => L + (x - x0) / (x1 - x0) * (W - L - R);
  const sy = (y) => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': spec.title});
  const axes = svg('g', {class: 'axes'});
  const decades = spec.logY ? ticks(Math.ceil(y0), Math.floor(y1), 5, true) : [];
  const yTicks = decades.length >= 2
    ? decades.map((e) => [e, formatNumber(Math.pow(10, e))])
    : ticks(y0, y1).map((v) => [v, formatNumber(spec.logY ? Number(Math.pow(10, v).toPrecision(3)) : v)]);
  for (const [v, label] of yTicks) {
    axes.appendChild(svg('line', {x1: L, x2: W - R, y1: sy(v), y2: sy(v), class: 'gridline'}));
    axes.appendChild(svg('text', {x: L - 6, y: sy(v) + 4, 'text-anchor': 'end'}, label));
  }
  for (const v of ticks(x0, x1, 6, spec.integerX)) {
    axes.appendChild(svg('line', {x1: sx(v), x2: sx(v), y1: H - B, y2: H - B + 4, class: 'tick'}));
    axes.appendChild(svg('text', {x: sx(v), y: H - B + 16, 'text-anchor': 'middle'}, formatNumber(v)));
  }
  axes.appendChild(svg('line', {x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis'}));
  axes.appendChild(svg('line', {x1: L, x2: L, y1: T, y2: H - B, class: 'axis'}));
  axes.appendChild(svg('text', {x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', class: 'label'}, spec.xLabel || 'step'));
  if (spec.yLabel) {
    axes.appendChild(svg('text', {x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'label',
      transform: `rotate(-90 12 ${(T + H - B) / 2})`}, spec.yLabel));
  }
  root.appendChild(axes);
  return {root, sx, sy};
}

function finite(p) {
  return typeof p.x === 'number' && typeof p.y === 'number' && isFinite(p.x) && isFinite(p.y);
}

/** Points on the plotted scale: with logY, log10 of the positive values (the others are dropped). */
function onScale(points, logY) {
  const ok = points.filter(finite);
  return logY ? ok.filter((p) => p.y > 0).map((p) => Object.assign({}, p, {y: Math.log10(p.y), raw: p.y})) : ok;
}

function figureFor(spec, kind) {
  const figure = el('figure', {class: 'chart ' + kind, 'data-metric': spec.title});
  figure.appendChild(el('figcaption', {}, spec.title, spec.logY ? el('span', {class: 'muted small'}, ' (log scale)') : null));
  return figure;
}

function legendFor(names, colors) {
  const legend = el('ul', {class: 'legend'}, names.map((n, i) => el('li', {}, el('span', {class: 'swatch', 'data-color': colors[i]}), n)));
  // Swatch colours through the CSSOM: the page's Content-Security-Policy forbids inline style attributes.
  for (const sw of legend.querySelectorAll('.swatch')) sw.style.background = sw.dataset.color;
  return legend;
}

/**
 * Draws a line chart: one <path class="series"> per series.
 * @param {{title: string, xLabel: string, integerX: boolean, logY: boolean,
 *          series: {name: string, points: {x: number, y: number}[]}[]}} spec
 * @returns {Element} a <figure> holding the SVG and its legend
 */
export function lineChart(spec) {
  const figure = figureFor(spec, 'line');
  const series = spec.series.map((s) => ({name: s.name, points: onScale(s.points, spec.logY).sort((a, b) => a.x - b.x)}));
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    figure.appendChild(el('p', {class: 'muted'}, spec.logY ? 'No positive values to plot on a log scale.' : 'No finite values to plot.'));
    return figure;
  }
  const {root, sx, sy} = frame(all, spec);
  const colors = series.map((s, i) => COLORS[i % COLORS.length]);
  let thinned = false;
  series.forEach((s, i) => {
    const pts = downsample(s.points);
    if (pts.length < s.points.length) thinned = true;
    const d = pts.map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    root.appendChild(svg('path', {d: d || 'M0,0', class: 'series', stroke: colors[i], fill: 'none', 'stroke-width': 2,
      'data-run': s.name}, svg('title', {}, s.name)));
    if (pts.length <= 60) {
      for (const p of pts) {
        root.appendChild(svg('circle', {cx: sx(p.x), cy: sy(p.y), r: 2.5, fill: colors[i], class: 'point'},
          svg('title', {}, `${s.name}\n${spec.xLabel || 'step'} ${formatNumber(p.x)}: ${formatNumber(p.raw ?? p.y)}`)));
      }
    }
  });
  figure.appendChild(root);
  figure.appendChild(legendFor(series.map((s) => s.name), colors));
  if (thinned) figure.appendChild(el('p', {class: 'muted small'}, 'Long histories drawn from the lowest and highest value of each of 1000 intervals.'));
  return figure;
}

/**
 * Draws a scatter plot: one <circle class="dot"> per point (a run), labelled with its name.
 * @param {{title: string, xLabel: string, yLabel: string, points: {x: number, y: number, name: string}[]}} spec
 */
export function scatterChart(spec) {
  const figure = figureFor(spec, 'scatter');
  const pts = onScale(spec.points, spec.logY);
  if (pts.length === 0) {
    figure.appendChild(el('p', {class: 'muted'}, 'No run has numeric values for both axes.'));
    return figure;
  }
  const {root, sx, sy} = frame(pts, Object.assign({pad: 0.06}, spec));
  pts.forEach((p, i) => {
    root.appendChild(svg('circle', {cx: sx(p.x), cy: sy(p.y), r: 5, fill: COLORS[i % COLORS.length], class: 'dot',
      'data-run': p.name}, svg('title', {}, `${p.name}\n${spec.xLabel}: ${formatNumber(p.x)}\n${spec.yLabel}: ${formatNumber(p.raw ?? p.y)}`)));
  });
  figure.appendChild(root);
  figure.appendChild(legendFor(pts.map((p) => p.name), pts.map((p, i) => COLORS[i % COLORS.length])));
  return figure;
}
