// Node, ES module: `import ... from 'libchan4j'` with the ws package, against a real libchan4j server.
import { connect } from 'libchan4j';
import WebSocket from 'ws';
import { requestReply } from './request.mjs';

const session = await connect(process.argv[2], { WebSocket });
console.log(JSON.stringify(await requestReply(session, 'esm')));
