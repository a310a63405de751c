package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The queries of a file-backed dataset, starting at {@code datasetOffset}: items
 * {@code offset, offset+1, ..., n-1}, then {@code 0, ..., offset-1}, where {@code n} is the number
 * of items that pass the filters and the offset wraps modulo {@code n}. One open thus yields every
 * item once, and the engine's reopening repeats the rotation.
 *
 * <p>{@link #open} reads up to the first item, so a dataset with no items fails there, before any
 * request, with the dataset's own message.
 */
final class RotatingIterator implements Iterator<Query>, AutoCloseable {

  private final Pass.Opener opener;
  private Pass pass;
  private @Nullable Query pending;
  private long skipped;
  private long remainingInSecondPass = -1;

  private RotatingIterator(Pass.Opener opener) {
    this.opener = opener;
  }

  /**
   * Opens the dataset at {@code offset}.
   *
   * @param emptyMessage the message of the {@link IllegalArgumentException} thrown when no item
   *     passes the filters
   */
  static RotatingIterator open(Pass.Opener opener, long offset, Supplier<String> emptyMessage)
      throws IOException {
    RotatingIterator iterator = new RotatingIterator(opener);
    iterator.pass = opener.open();
    try {
      iterator.skip(offset, emptyMessage);
      iterator.advance();
      if (iterator.pending == null) {
        throw new IllegalArgumentException(emptyMessage.get());
      }
    } catch (RuntimeException | IOException e) {
      iterator.close();
      throw e;
    }
    return iterator;
  }

  private void skip(long offset, Supplier<String> emptyMessage) throws IOException {
    long count = 0;
    while (count < offset && pass.hasNext()) {
      pass.next();
      count++;
    }
    if (count == offset) {
      skipped = offset;
      return;
    }
    if (count == 0) {
      throw new IllegalArgumentException(emptyMessage.get());
    }
    // The offset is past the end: wrap it modulo the number of items.
    pass.close();
    pass = opener.open();
    skipped = offset % count;
    for (long i = 0; i < skipped; i++) {
      pass.next();
    }
  }

  private void advance() throws IOException {
    pending = null;
    if (pass.hasNext()) {
      pending = pass.next();
      if (remainingInSecondPass > 0) {
        remainingInSecondPass--;
      }
      return;
    }
    if (remainingInSecondPass < 0 && skipped > 0) {
      pass.close();
      pass = opener.open();
      remainingInSecondPass = skipped;
    }
    if (remainingInSecondPass > 0 && pass.hasNext()) {
      pending = pass.next();
      remainingInSecondPass--;
    }
  }

  @Override
  public boolean hasNext() {
    return pending != null;
  }

  @Override
  public Query next() {
    if (pending == null) {
      throw new NoSuchElementException();
    }
    Query result = pending;
    try {
      if (remainingInSecondPass == 0) {
        pending = null;
      } else {
        advance();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  @Override
  public void close() throws IOException {
    if (pass != null) {
      pass.close();
    }
  }
}
