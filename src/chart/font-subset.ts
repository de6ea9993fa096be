// The chart font cut down to the characters one chart draws, with HarfBuzz's own subsetter (the
// harfbuzzjs package's wasm build). Why: resvg's native binding re-reads its font file for every
// glyph it draws (thx/resvg-js#367), ~2.4 ms a glyph for the 10.5 MB Noto Sans SC, ~550 ms a chart;
// from a 30 KB subset the same chart rasterises in ~50 ms. The full font is read once into the wasm
// memory and kept there as a HarfBuzz face, so each subset costs a few milliseconds and no copy.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

interface HarfBuzz {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lengthPtr: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

// Writable: the bytes are ours, and HarfBuzz copies a read-only table it has to fix up while reading
// (~10 MB more for this font).
const HB_MEMORY_MODE_WRITABLE = 2;
// HarfBuzz empties .notdef by default; a character the font lacks must still show as its box.
const HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40;

let compiled: WebAssembly.Module | undefined;

/**
 * HarfBuzz compiled once per process, by V8's baseline compiler only. Left to tier up, V8 recompiles
 * the subsetter's hot functions with its optimising compiler in the background after the first
 * subsets, and that compilation's memory stayed with the process: +20 MB RSS a chart, growing, for
 * a subset that takes a few milliseconds either way (bench/chart.ts). The flag is V8's and process
 * wide; this is the only WebAssembly the product runs.
 */
function harfbuzzModule(): WebAssembly.Module {
  if (!compiled) {
    setFlagsFromString('--liftoff-only');
    compiled = new WebAssembly.Module(readFileSync(createRequire(import.meta.url).resolve(WASM)));
  }
  return compiled;
}

const WASM = 'harfbuzzjs/dist/harfbuzz-subset.wasm';

export class FontSubsetter {
  private readonly hb: HarfBuzz;
  private readonly face: number;

  /** Reads the font file into HarfBuzz's memory, once. */
  constructor(fontPath: string) {
    this.hb = new WebAssembly.Instance(harfbuzzModule(), {}).exports as unknown as HarfBuzz;
    this.hb._initialize();
    const size = statSync(fontPath).size;
    const data = this.hb.malloc(size);
    // Read straight into the wasm memory: a JavaScript copy would hold another 10.5 MB until collected.
    const fd = openSync(fontPath, 'r');
    try {
      if (readSync(fd, new Uint8Array(this.hb.memory.buffer, data, size), 0, size, 0) !== size) {
        throw new Error(`could not read all of ${fontPath}`);
      }
    } finally {
      closeSync(fd);
    }
    // The face keeps the blob (and so the font bytes) alive for the life of the process.
    const blob = this.hb.hb_blob_create(data, size, HB_MEMORY_MODE_WRITABLE, 0, 0);
    this.face = this.hb.hb_face_create(blob, 0);
    this.hb.hb_blob_destroy(blob);
  }

  /** A TrueType font with the glyphs for `text` (and what they need, e.g. composite parts). */
  subset(text: string): Buffer {
    const { hb } = this;
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('HarfBuzz could not create a subset input');
    try {
      hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const ch of new Set(text)) hb.hb_set_add(unicodes, ch.codePointAt(0)!);
      const subset = hb.hb_subset_or_fail(this.face, input);
      if (!subset) throw new Error('HarfBuzz could not subset the chart font');
      try {
        const blob = hb.hb_face_reference_blob(subset);
        const ptr = hb.hb_blob_get_data(blob, 0);
        const length = hb.hb_blob_get_length(blob);
        // Copied out before the blob is freed; the memory may have grown, so a fresh view.
        const bytes = Buffer.from(new Uint8Array(hb.memory.buffer, ptr, length));
        hb.hb_blob_destroy(blob);
        return bytes;
      } finally {
        hb.hb_face_destroy(subset);
      }
    } finally {
      hb.hb_subset_input_destroy(input);
    }
  }
}
