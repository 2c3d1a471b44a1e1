// Bundles a consumer project's bundle-entry.mjs with esbuild (the build's pinned copy) for browsers, resolving
// `libchan4j` from that project's node_modules as an application's build would. usage: node npm-bundle.mjs <dir>
import { build } from 'esbuild';

const dir = process.argv[2];
const result = await build({
  absWorkingDir: dir, entryPoints: ['bundle-entry.mjs'], outfile: 'out/bundle.mjs', bundle: true,
  platform: 'browser', format: 'esm', minify: true, metafile: true, logLevel: 'error',
});
console.log(JSON.stringify(Object.keys(result.metafile.inputs)));
