package dev.tokenstorm.api.query;

import java.util.Arrays;

/**
 * A prompt given as token ids, sent as a {@code prompt} array to a completions endpoint.
 *
 * @param tokenIds the token ids; the array is copied on the way in and out
 */
public record TokenIdsQuery(int[] tokenIds) implements Query {

  public TokenIdsQuery {
    tokenIds = tokenIds.clone();
  }

  @Override
  public int[] tokenIds() {
    return tokenIds.clone();
  }

  /** Returns the number of tokens. */
  public int length() {
    return tokenIds.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenIdsQuery that && Arrays.equals(tokenIds, that.tokenIds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(tokenIds);
  }

  @Override
  public String toString() {
    return "TokenIdsQuery[" + tokenIds.length + " tokens]";
  }
}
