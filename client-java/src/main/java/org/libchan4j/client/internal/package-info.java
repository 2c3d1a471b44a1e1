/** Internal: not for use outside this project. Tyrus client glue. */
package org.libchan4j.client.internal;
