// Node, CommonJS: require('libchan4j/umd') (the UMD script) with the ws package.
const { connect } = require('libchan4j/umd');
const WebSocket = require('ws');

(async () => {
  const session = await connect(process.argv[2], { WebSocket });
  const { requestReply } = await import('./request.mjs');
  console.log(JSON.stringify(await requestReply(session, 'cjs')));
})().catch((e) => { console.error(e); process.exit(1); });
