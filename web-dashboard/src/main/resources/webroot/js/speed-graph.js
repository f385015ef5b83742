// A small canvas graph of the total download speed over the last minute, sampled twice a second.

import * as fmt from './format.js';
import { fitCanvas, themeColor } from './canvas.js';

const SAMPLE_MS = 500;
const SAMPLES = 120;

export function createSpeedGraph(canvas, label, totalSpeed) {
  const samples = new Array(SAMPLES).fill(0);

  function colors() {
    return { line: themeColor('--accent', '#2563eb'), grid: themeColor('--border', '#ccc'),
      text: themeColor('--muted', '#666') };
  }

  function draw() {
    const { ctx, width, height, ratio } = fitCanvas(canvas);
    const c = colors();
    const peak = Math.max(...samples);
    const top = peak > 0 ? peak * 1.15 : 1;
    ctx.clearRect(0, 0, width, height);

    ctx.strokeStyle = c.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, height - 0.5);
    ctx.lineTo(width, height - 0.5);
    ctx.stroke();

    ctx.strokeStyle = c.line;
    ctx.lineWidth = 2 * ratio;
    ctx.beginPath();
    samples.forEach((value, i) => {
      const x = (i / (SAMPLES - 1)) * width;
      const y = height - (value / top) * (height - 4 * ratio) - ratio;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();

    if (peak > 0) {
      ctx.fillStyle = c.text;
      ctx.font = `${11 * ratio}px system-ui, sans-serif`;
      ctx.fillText(`peak ${fmt.speed(peak)}`, 6 * ratio, 14 * ratio);
    }
  }

  setInterval(() => {
    const now = totalSpeed();
    samples.shift();
    samples.push(now);
    label.textContent = `Now ${fmt.speed(now)} · last 60 s`;
    if (!document.hidden) draw();
  }, SAMPLE_MS);
  // Drawn while the page was hidden the canvas would be 1 px tall, stretched: draw again whenever its size changes.
  new ResizeObserver(draw).observe(canvas);
}
