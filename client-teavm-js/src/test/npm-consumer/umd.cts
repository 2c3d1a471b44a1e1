// A typed CommonJS module (node16 resolution): require('libchan4j/umd') has the same declarations.
import lib = require('libchan4j/umd');
import WebSocket = require('ws');

export const open = (url: string): Promise<lib.Session> => lib.connect(url, { WebSocket });
