// Shared by the dashboard's canvases: a drawing surface the size of the canvas on screen, in device pixels.

/** Resizes the canvas's bitmap to its displayed size times the pixel ratio; returns the context and that size. */
export function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  return { ctx: canvas.getContext('2d'), width, height, ratio };
}

/** A colour of the page's theme (a CSS custom property), or the fallback. */
export function themeColor(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}
