// SVG → PNG with resvg, in a short-lived worker thread. Why a worker: resvg's native memory (the
// parsed tree, the 3.7 MB pixmap) is freed only when V8 collects its JavaScript wrappers, and V8
// does not see that memory, so renders in a row piled up ~100 MB before a collection (bench/chart.ts);
// a worker's memory all goes when it exits. It also keeps the bot's event loop free while it draws.
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** A chart that takes longer than this is abandoned (the worker is stopped), never waited on forever. */
export const RASTER_TIMEOUT_MS = 20_000;

// CommonJS, evaluated: no file of its own to find from src/ under tsx and from dist/ alike.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
const png = new Resvg(workerData.svg, workerData.options).render().asPng();
parentPort.postMessage(png, [png.buffer]);
`;

const RESVG = createRequire(import.meta.url).resolve('@resvg/resvg-js');

export async function rasterise(svg: string, options: ResvgRenderOptions): Promise<Buffer> {
  const worker = new Worker(WORKER, { eval: true, workerData: { resvg: RESVG, svg, options } });
  const timer = setTimeout(() => void worker.terminate(), RASTER_TIMEOUT_MS);
  try {
    const [png] = (await Promise.race([
      once(worker, 'message'),
      once(worker, 'exit').then(([code]) => {
        throw new Error(`the rasteriser stopped (exit ${code}) before drawing`);
      }),
    ])) as [Uint8Array];
    return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
