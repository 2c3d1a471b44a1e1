// The demo page: one WebSocket session (connection.js) shared by the room (room.js, files.js) and the compute
// grid (workers.js).
import { start } from './connection.js';
import * as room from './room.js';
import * as workers from './workers.js';

room.init();
workers.init();
start();
