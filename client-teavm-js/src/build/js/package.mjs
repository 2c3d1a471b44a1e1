// Packages TeaVM's ES module output for browsers and npm (the directory is the npm package; the pom packs it):
//   libchan4j.js          the ES module, minified with terser
//   umd/libchan4j.umd.js  the same code as a UMD script (a classic <script> defines the global `libchan4j`,
//                         require() returns the API), in a folder whose package.json makes node read it as CommonJS
//   libchan4j.d.ts, umd/libchan4j.umd.d.ts (the same declarations), package.json, README.md, LICENSE
// and reports the minified sizes, failing the build when the ES module exceeds its budget.
//
// usage: node package.mjs <teavm-esm.js> <out-dir> <version> <budget-bytes> <report-file>
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import * as acorn from 'acorn';

const [input, outDir, version, budgetText, reportFile] = process.argv.slice(2);
const budget = Number(budgetText);
const here = dirname(fileURLToPath(import.meta.url));
const npmDir = join(here, '..', '..', 'main', 'npm');
const banner = `/*! libchan4j browser client ${version} */`;

const esm = (await minify(readFileSync(input, 'utf8'), {
  module: true, compress: { passes: 2 }, mangle: true, format: { comments: false, preamble: banner },
})).code;

// The UMD build: the module body inside a factory that returns what the module exports.
const ast = acorn.parse(esm, { ecmaVersion: 'latest', sourceType: 'module' });
const exported = [];
let body = esm;
for (const node of [...ast.body].reverse()) {
  if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration'
      || node.type === 'ExportDefaultDeclaration' || (node.type === 'ExportNamedDeclaration'
      && (node.declaration || node.source))) {
    throw new Error(`unexpected ${node.type} in TeaVM's output: extend package.mjs`);
  }
  if (node.type === 'ExportNamedDeclaration') {
    for (const s of node.specifiers) exported.push(`${s.exported.name}:${s.local.name}`);
    body = body.slice(0, node.start) + body.slice(node.end);
  }
}
if (exported.length === 0) throw new Error('TeaVM output exports nothing');
const umdSource = '(function(root,factory){'
  + "if(typeof define==='function'&&define.amd)define([],factory);"
  + "else if(typeof module==='object'&&module.exports)module.exports=factory();"
  + 'else root.libchan4j=factory();'
  + "})(typeof globalThis!=='undefined'?globalThis:this,function(){'use strict';"
  + body + `\nreturn{${exported.join(',')}};});`;
const umd = (await minify(umdSource, {
  compress: { passes: 2 }, mangle: true, format: { comments: false, preamble: banner },
})).code;

mkdirSync(join(outDir, 'umd'), { recursive: true });
writeFileSync(join(outDir, 'libchan4j.js'), esm + '\n');
writeFileSync(join(outDir, 'umd', 'libchan4j.umd.js'), umd + '\n');
// The package is "type": "module"; without this, node would load the UMD script as an ES module exporting nothing.
writeFileSync(join(outDir, 'umd', 'package.json'), '{ "type": "commonjs" }\n');
copyFileSync(join(npmDir, 'libchan4j.d.ts'), join(outDir, 'libchan4j.d.ts'));
copyFileSync(join(npmDir, 'libchan4j.d.ts'), join(outDir, 'umd', 'libchan4j.umd.d.ts'));
copyFileSync(join(npmDir, 'README.md'), join(outDir, 'README.md'));
copyFileSync(join(here, '..', '..', '..', '..', 'LICENSE'), join(outDir, 'LICENSE')); // the repository's Apache-2.0 text
const pkg = JSON.parse(readFileSync(join(npmDir, 'package.json'), 'utf8'));
pkg.version = version;
writeFileSync(join(outDir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

const size = (code) => {
  const bytes = Buffer.byteLength(code + '\n');
  return { bytes, gzip: gzipSync(code + '\n', { level: 9 }).length };
};
const e = size(esm), u = size(umd);
const kb = (n) => (n / 1024).toFixed(1) + ' KiB';
const report = [
  `libchan4j.js (ES module): ${e.bytes} bytes minified (${kb(e.bytes)}), ${e.gzip} gzipped;`
    + ` budget ${budget} bytes (${Math.round(100 * e.bytes / budget)}% used)`,
  `umd/libchan4j.umd.js (classic script): ${u.bytes} bytes minified (${kb(u.bytes)}), ${u.gzip} gzipped`,
].join('\n');
console.log(report);
writeFileSync(reportFile, report + '\n');
if (e.bytes > budget) {
  console.error(`libchan4j.js is ${e.bytes} bytes, over its budget of ${budget}`);
  process.exit(1);
}
