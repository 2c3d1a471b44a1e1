// Runs golden-vector requests through the TeaVM-compiled codec hook.
// usage: node vectors.mjs <hook module> <requests.json>; requests: [{op: "decode"|"encode", input}], prints results.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [hookFile, requestsFile] = process.argv.slice(2);
const hook = await import(pathToFileURL(hookFile).href);
const requests = JSON.parse(readFileSync(requestsFile, 'utf8'));
process.stdout.write(JSON.stringify(requests.map((r) => hook[r.op](r.input))));
