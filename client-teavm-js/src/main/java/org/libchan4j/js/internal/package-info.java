/**
 * Internal: not for use outside this project. JavaScript interop helpers of the browser client (natives, queues,
 * error objects); they change without notice.
 */
package org.libchan4j.js.internal;
