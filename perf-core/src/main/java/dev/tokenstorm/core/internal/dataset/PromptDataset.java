package dev.tokenstorm.core.internal.dataset;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Sends the same prompt with every request: as one user message when the run uses the chat
 * template, otherwise as a plain prompt. Each request still gets its own body, so a
 * {@code max_tokens} range is sampled per request.
 */
public final class PromptDataset implements Dataset {

  private final Query query;

  /** Creates a dataset that yields {@code prompt} forever. */
  public PromptDataset(String prompt, boolean chat) {
    this.query = chat ? ChatQuery.ofUserText(prompt) : new PromptQuery(prompt);
  }

  @Override
  public String name() {
    return "prompt";
  }

  @Override
  public Iterator<Query> open(DatasetContext context) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Query next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return query;
      }
    };
  }
}
