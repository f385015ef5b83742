// A download's chunk map on a canvas, like the piece bar of other clients: one column per chunk (or per group of
// chunks when there are more chunks than pixels), done, in flight, or missing shaded by how many sources offer it.
// Drawing costs one pass over the chunks, so a file of many thousand chunks stays cheap.

import { countSet, decodeBits, decodeCounts } from './bitset.js';
import { fitCanvas, themeColor } from './canvas.js';

export function createChunkMap(canvas) {
  let model = null;

  function colors() {
    return { done: themeColor('--ok', '#15803d'), flight: themeColor('--accent', '#2563eb'),
      missing: themeColor('--muted', '#626873') };
  }

  function draw() {
    if (!model) return;
    const { ctx, width, height } = fitCanvas(canvas);
    const c = colors();
    const { count, done, inFlight, sources } = model;
    ctx.clearRect(0, 0, width, height);
    const perPixel = count / width;
    for (let x = 0; x < width; x++) {
      const from = Math.floor(x * perPixel);
      const to = Math.max(from + 1, Math.floor((x + 1) * perPixel));
      let d = 0;
      let f = 0;
      let held = 0;
      for (let i = from; i < to && i < count; i++) {
        d += done[i];
        f += inFlight ? inFlight[i] : 0;
        held += sources ? sources[i] : 1;
      }
      const n = Math.min(to, count) - from;
      if (n <= 0) continue;
      if (d === n) {
        ctx.fillStyle = c.done;
        ctx.globalAlpha = 1;
      } else if (f > 0) {
        ctx.fillStyle = c.flight;
        ctx.globalAlpha = 1;
      } else {
        // Missing: the more sources offer it, the darker; one that nobody offers yet is only a trace.
        ctx.fillStyle = c.missing;
        ctx.globalAlpha = Math.min(0.8, 0.12 + 0.2 * (held / n));
      }
      ctx.fillRect(x, 0, 1, height);
    }
    ctx.globalAlpha = 1;
  }

  new ResizeObserver(draw).observe(canvas);

  return {
    /** Shows a download's chunks; a download without a part file yet (no chunkCount) shows nothing. */
    update(download) {
      const count = download.chunkCount || 0;
      canvas.hidden = count === 0;
      if (count === 0) return;
      const done = download.state === 'completed' ? new Uint8Array(count).fill(1) : decodeBits(download.chunks, count);
      model = { count, done, inFlight: download.inFlight ? decodeBits(download.inFlight, count) : null,
        sources: decodeCounts(download.availability, count) };
      const doneCount = countSet(done);
      // The data behind the picture, for people using a screen reader and for tests.
      canvas.dataset.chunks = String(count);
      canvas.dataset.chunksDone = String(doneCount);
      canvas.setAttribute('aria-label', `${doneCount} of ${count} chunks done`);
      draw();
    },
  };
}
