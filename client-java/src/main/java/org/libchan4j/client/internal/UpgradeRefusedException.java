package org.libchan4j.client.internal;

import java.io.IOException;

/** The server answered the upgrade request with a status other than 101; carries the status line. */
public final class UpgradeRefusedException extends IOException {
  private final int status;
  private final String reasonPhrase;

  UpgradeRefusedException(int status, String reasonPhrase) {
    super("the server answered the WebSocket upgrade with HTTP " + status + " " + reasonPhrase);
    this.status = status;
    this.reasonPhrase = reasonPhrase;
  }

  public int status() {
    return status;
  }

  /** The reason phrase of the status line ("" for none). */
  public String reasonPhrase() {
    return reasonPhrase;
  }
}
