/** Internal: not for use outside this project. The WebSocket transport adapter shared by server and client. */
package org.libchan4j.websocket.internal;
