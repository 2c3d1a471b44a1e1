// A typed page (bundler resolution, DOM lib): the browser's own WebSocket class fits ConnectOptions.WebSocket too.
import { connect, type Session } from 'libchan4j';

export const open = (url: string): Promise<Session> => connect(url, { WebSocket: globalThis.WebSocket });
