/**
 * Statement PDF generator for tests and benchmarks: renders a seeded scenario in one of LAYOUTS and
 * returns the PDF with its known answer.
 *
 *   generateStatement(layoutId, { seed?, count? }) → Promise<{ pdf: Uint8Array, expected: ExpectedStatement, layout }>
 *
 * The same seed and count always give the same bytes' text and the same answer (100 / 1,000 / 10,000
 * transactions all work; 10,000 renders ~280 pages).
 */
import { LAYOUTS } from './layouts.js';
import { type ExpectedStatement, type LayoutSpec, renderLayout } from './render.js';
import { makeScenario } from './scenario.js';

export { LAYOUTS, type ExpectedStatement, type LayoutSpec };

export async function generateStatement(layoutId: string, options: { seed?: number; count?: number } = {}) {
  const layout = LAYOUTS.find((candidate) => candidate.id === layoutId);
  if (!layout) throw new Error(`Unknown statement layout ${layoutId}`);
  const scenario = makeScenario({ ...layout.scenario, seed: options.seed ?? 1, count: options.count ?? 100 });
  const { pdf, expected } = await renderLayout(layout, scenario);
  return { pdf, expected, layout };
}
