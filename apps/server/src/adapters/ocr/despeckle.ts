/**
 * Removes dust from a scanned page before OCR: small dark specks with no other ink near them. Tesseract
 * reads specks in a table's wide empty gaps as letters ("SL ean ge"), which then split or pollute rows;
 * a decimal point or comma is as small, but always sits next to a digit, so only isolated specks go.
 *
 * `rgba` is changed in place (removed specks become white). Sizes are in pixels: `maxSide` is the largest
 * speck (width and height), `margin` the clear space around it that makes it isolated.
 * Returns how many specks were removed.
 */
export function despeckle(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  sizes: { maxSide: number; margin: number },
): number {
  const count = width * height;
  // 0 light, 1 dark and not yet visited, 2 visited.
  const ink = new Uint8Array(count);
  for (let p = 0, i = 0; p < count; p += 1, i += 4) {
    const luma = (rgba[i]! * 299 + rgba[i + 1]! * 587 + rgba[i + 2]! * 114) / 1000;
    if (luma < 128) ink[p] = 1;
  }
  const maxArea = sizes.maxSide * sizes.maxSide;
  const stack = new Int32Array(count);
  const component: number[] = [];
  let removed = 0;
  for (let start = 0; start < count; start += 1) {
    if (ink[start] !== 1) continue;
    // Flood fill (8-connected), keeping the pixels only while the component is still speck-sized.
    let top = 0;
    stack[top++] = start;
    ink[start] = 2;
    component.length = 0;
    let area = 0;
    let minX = width;
    let maxX = -1;
    let minY = height;
    let maxY = -1;
    while (top > 0) {
      const p = stack[--top]!;
      area += 1;
      const x = p % width;
      const y = (p - x) / width;
      if (area <= maxArea) component.push(p);
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy += 1) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx += 1) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (ink[q] === 1) {
            ink[q] = 2;
            stack[top++] = q;
          }
        }
      }
    }
    if (area > maxArea || maxX - minX >= sizes.maxSide || maxY - minY >= sizes.maxSide) continue;
    if (!isolated(ink, width, height, minX, maxX, minY, maxY, sizes.margin)) continue;
    for (const p of component) {
      const i = p * 4;
      rgba[i] = 255;
      rgba[i + 1] = 255;
      rgba[i + 2] = 255;
    }
    removed += 1;
  }
  return removed;
}

/** No ink in the ring `margin` pixels wide around the box (the box itself is the speck). */
function isolated(
  ink: Uint8Array,
  width: number,
  height: number,
  minX: number,
  maxX: number,
  minY: number,
  maxY: number,
  margin: number,
): boolean {
  const x0 = Math.max(0, minX - margin);
  const x1 = Math.min(width - 1, maxX + margin);
  const y0 = Math.max(0, minY - margin);
  const y1 = Math.min(height - 1, maxY + margin);
  for (let y = y0; y <= y1; y += 1) {
    const inside = y >= minY && y <= maxY;
    for (let x = x0; x <= x1; x += 1) {
      if (inside && x >= minX && x <= maxX) continue;
      if (ink[y * width + x] !== 0) return false;
    }
  }
  return true;
}
