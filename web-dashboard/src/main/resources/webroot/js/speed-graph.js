// A small canvas graph of the total download speed over the last minute, sampled twice a second while started.

import * as fmt from './format.js';
import { fitCanvas, themeColor } from './canvas.js';
import { createSpeedHistory } from './speed-history.js';
import { repeat } from './timers.js';

const SAMPLE_MS = 500;
const SAMPLES = 120;

export function createSpeedGraph(canvas, label, totalSpeed) {
  const history = createSpeedHistory(SAMPLES, SAMPLE_MS);

  function colors() {
    return { line: themeColor('--accent', '#2563eb'), grid: themeColor('--border', '#ccc'),
      text: themeColor('--muted', '#666') };
  }

  function draw() {
    const { ctx, width, height, ratio } = fitCanvas(canvas);
    const c = colors();
    const samples = history.values();
    const peak = history.peak();
    const top = peak > 0 ? peak * 1.15 : 1;
    ctx.clearRect(0, 0, width, height);

    ctx.strokeStyle = c.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, height - 0.5);
    ctx.lineTo(width, height - 0.5);
    ctx.stroke();

    // Periods without a sample (the graph was stopped) are left blank.
    ctx.strokeStyle = c.line;
    ctx.lineWidth = 2 * ratio;
    ctx.beginPath();
    let drawing = false;
    samples.forEach((value, i) => {
      if (value === null) {
        drawing = false;
        return;
      }
      const x = (i / (SAMPLES - 1)) * width;
      const y = height - (value / top) * (height - 4 * ratio) - ratio;
      if (drawing) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      drawing = true;
    });
    ctx.stroke();

    if (peak > 0) {
      ctx.fillStyle = c.text;
      ctx.font = `${11 * ratio}px system-ui, sans-serif`;
      ctx.fillText(`peak ${fmt.speed(peak)}`, 6 * ratio, 14 * ratio);
    }
  }

  function sample() {
    const now = totalSpeed();
    history.add(now, performance.now());
    label.textContent = `Now ${fmt.speed(now)} · last 60 s`;
    draw();
  }

  // Drawn while the page was hidden the canvas would be 1 px tall, stretched: draw again whenever its size changes.
  new ResizeObserver(draw).observe(canvas);

  const sampling = repeat(SAMPLE_MS, sample);
  /** start() samples and draws until stop(). */
  return { start: sampling.start, stop: sampling.stop };
}
