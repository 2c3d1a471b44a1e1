/** Internal: not for use outside this project. Tyrus and Grizzly glue of the embedded server. */
package org.libchan4j.server.internal;
