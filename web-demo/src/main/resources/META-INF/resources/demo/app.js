// The demo page: one WebSocket session (connection.js) shared by the room (room.js, files.js), the compute
// grid (workers.js) and the server's numbers in the status bar (stats.js).
import { start } from './connection.js';
import * as room from './room.js';
import * as stats from './stats.js';
import * as workers from './workers.js';

room.init();
workers.init();
stats.init();
start();
