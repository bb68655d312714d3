// Builds the map into dist/: the same sources always give byte-identical
// files (esbuild is deterministic, names carry a content hash, nothing
// records a date or a path), so CI can rebuild and compare with what is
// committed. Run with `npm run build`.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const out = 'dist';
const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'eof',
  charset: 'utf8',
  sourcemap: false,
  metafile: true,
  write: false,
  logLevel: 'warning',
};

// written answers the file names of an esbuild result, after writing them
// under dist/assets with their hashed names.
function written(result) {
  const names = {};
  for (const f of result.outputFiles) {
    const name = path.basename(f.path);
    writeFileSync(path.join(out, 'assets', name), f.contents);
    names[path.extname(name)] = name;
  }
  return names;
}

// hashed copies a file under dist/assets with a content hash in its name.
function hashed(file) {
  const body = readFileSync(file);
  const sum = createHash('sha256').update(body).digest('hex').slice(0, 8);
  const ext = path.extname(file);
  const name = `${path.basename(file, ext)}-${sum.toUpperCase()}${ext}`;
  writeFileSync(path.join(out, 'assets', name), body);
  return name;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'assets'), { recursive: true });

// The layout runs in a worker of its own file, served from this origin
// (CSP worker-src 'self': no blob: worker, no eval).
const worker = written(await esbuild.build({
  ...common,
  entryPoints: ['src/layout.worker.js'],
  entryNames: '[name]-[hash]',
  outdir: path.join(out, 'assets'),
}));
const app = written(await esbuild.build({
  ...common,
  entryPoints: ['src/main.js'],
  entryNames: '[name]-[hash]',
  outdir: path.join(out, 'assets'),
  define: { LAYOUT_WORKER: JSON.stringify('assets/' + worker['.js']) },
}));
const icon = hashed('src/favicon.svg');

const page = readFileSync('src/index.html', 'utf8')
  .replaceAll('{{script}}', 'assets/' + app['.js'])
  .replaceAll('{{style}}', 'assets/' + app['.css'])
  .replaceAll('{{icon}}', 'assets/' + icon);
writeFileSync(path.join(out, 'index.html'), page);
