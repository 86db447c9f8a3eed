#!/usr/bin/env node
// `npm start`: build what changed, saying so while it runs (the first build takes a minute or two on a
// small machine, and a silent minute looks like a hang), then run `ledgerflow start` in this process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = path.join(root, 'apps/server/dist/main.js');
const tty = process.stdout.isTTY === true;
const started = Date.now();
const seconds = () => Math.round((Date.now() - started) / 1000);

console.log(
  existsSync(main)
    ? 'Building Ledgerflow (only what changed)…'
    : 'Building Ledgerflow for its first start (TypeScript to JavaScript, about a minute or two)…',
);
// npm sets npm_execpath when it runs this script; `npm run build` keeps the build defined in one place.
const npm = process.env.npm_execpath;
const build = npm
  ? spawn(process.execPath, [npm, 'run', 'build', '--silent'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  : spawn('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
build.stdout.on('data', (chunk) => (output += chunk));
build.stderr.on('data', (chunk) => (output += chunk));
const ticker = setInterval(
  () => {
    if (tty) process.stdout.write(`\r  building… ${seconds()} s`);
    else console.log(`  still building (${seconds()} s)…`);
  },
  tty ? 1000 : 15_000,
);
const code = await new Promise((resolve) => build.on('exit', (c) => resolve(c)));
clearInterval(ticker);
if (tty) process.stdout.write('\r\x1b[K');
if (code !== 0) {
  process.stderr.write(output);
  console.error(`The build failed (exit code ${code}); see the messages above.`);
  process.exit(1);
}
console.log(`Built in ${seconds()} s. Starting Ledgerflow…`);
process.argv = [process.argv[0], main, 'start', ...process.argv.slice(2)];
await import(pathToFileURL(main).href);
