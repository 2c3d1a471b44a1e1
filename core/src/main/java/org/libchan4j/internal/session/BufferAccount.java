package org.libchan4j.internal.session;

import java.util.concurrent.atomic.AtomicLong;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;

/** Internal: bytes received from the peer and not yet taken by the application, bounded per session. */
final class BufferAccount {
  private final long max;
  private final AtomicLong used = new AtomicLong();

  BufferAccount(long max) {
    this.max = max;
  }

  /** Charges {@code n} bytes; a peer that outruns the application past the limit fails the session. */
  void reserve(long n) {
    long now = used.addAndGet(n);
    if (now > max) {
      used.addAndGet(-n);
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "more than maxBufferedBytes " + max
          + " bytes received and not yet read by the application");
    }
  }

  void release(long n) {
    used.addAndGet(-n);
  }

  long used() {
    return used.get();
  }
}
