// Runs the esbuild bundle of bundle-entry.mjs (out/bundle.mjs) under node, handing it the ws class.
import WebSocket from 'ws';
import { connect } from './out/bundle.mjs';
import { requestReply } from './request.mjs';

const session = await connect(process.argv[2], { WebSocket });
console.log(JSON.stringify(await requestReply(session, 'bundle')));
