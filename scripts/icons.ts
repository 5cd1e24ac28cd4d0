/**
 * The extension's icons, rasterised from the SVG sources in `assets/` with resvg (a Rust SVG
 * renderer shipped as an npm package with prebuilt binaries, so a fresh machine needs no other
 * download). The build calls `writeIcons` (see wxt.config.ts); the PNGs are never committed.
 *
 * Sizes are the ones Chrome and Firefox ask for: 16 (toolbar, favicon), 32 (Windows), 48
 * (extensions page) and 128 (install dialog, store listing). The 16 px icon has its own source
 * drawn on the 16-pixel grid; the 128 px icon is the 96 px artwork with 16 px of transparent
 * padding on each side, as the Chrome Web Store's image guidelines ask
 * (https://developer.chrome.com/docs/webstore/images#icons).
 *
 * As a script: `tsx scripts/icons.ts [--out DIR]` writes the PNGs into DIR to look at them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { parseCli } from './cli';

export const ICON_SIZES = [16, 32, 48, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

const ASSETS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../assets');
/** The drawing, on a 128-unit canvas. */
export const ICON_SVG = path.join(ASSETS, 'icon.svg');
/** The same drawing simplified for 16 × 16 pixels. */
export const ICON_16_SVG = path.join(ASSETS, 'icon-16.svg');

/** Store-listing icons keep 16 of every 128 pixels on each side transparent. */
const PADDED = new Set<IconSize>([128]);

/** The PNG bytes of the icon at `size` × `size` pixels. */
export function renderIcon(size: IconSize): Buffer {
  let svg = fs.readFileSync(size === 16 ? ICON_16_SVG : ICON_SVG, 'utf8');
  if (PADDED.has(size)) svg = padViewBox(svg, 16 / 96);
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

/** Widens the root `viewBox` by `fraction` of its width on every side, so the artwork gets a transparent margin. */
function padViewBox(svg: string, fraction: number): string {
  const match = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!match) throw new Error(`${ICON_SVG}: the root <svg> needs a viewBox="x y width height"`);
  const [x, y, w, h] = match.slice(1).map(Number);
  const pad = w * fraction;
  const box = `viewBox="${x - pad} ${y - pad} ${w + 2 * pad} ${h + 2 * pad}"`;
  return svg.replace(match[0], box).replace(/\swidth="[\d.]+"/, '').replace(/\sheight="[\d.]+"/, '');
}

/** Writes `<dir>/<size>.png` for every size; returns the paths by size. */
export function writeIcons(dir: string): Record<IconSize, string> {
  fs.mkdirSync(dir, { recursive: true });
  const out = {} as Record<IconSize, string>;
  for (const size of ICON_SIZES) {
    out[size] = path.join(dir, `${size}.png`);
    fs.writeFileSync(out[size], renderIcon(size));
  }
  return out;
}

const USAGE = `Usage: tsx scripts/icons.ts [--out DIR]

Renders the extension icons (${ICON_SIZES.join(', ')} px) from assets/icon.svg and
assets/icon-16.svg into DIR (default: .output/icons), to look at them. The build
renders them by itself; nothing here needs to be run before "npm run build".

  --out DIR   where to write <size>.png
  -h, --help  show this help`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const values = parseCli({ out: { type: 'string', default: '.output/icons' } }, USAGE);
  for (const [size, file] of Object.entries(writeIcons(path.resolve(values.out)))) console.log(`${size.padStart(3)} px  ${path.relative(process.cwd(), file)}`);
}
