// What a web application bundles (esbuild, platform browser): only the package.
export { connect, ChanError } from 'libchan4j';
