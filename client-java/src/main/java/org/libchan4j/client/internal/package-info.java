/** Internal: not for use outside this project. Tyrus client glue: a client container over one Grizzly runtime shared by the JVM's connections. */
package org.libchan4j.client.internal;
