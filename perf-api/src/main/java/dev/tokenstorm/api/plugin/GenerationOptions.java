package dev.tokenstorm.api.plugin;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Generation parameters and request-shaping settings of a run, as plugins map them into bodies.
 *
 * <p>A null value means "not sent". Values are copied into the body under their OpenAI names unless
 * a plugin documents otherwise.
 *
 * @param model the {@code model} field
 * @param maxTokensMin lower bound of {@code max_tokens}; equal to {@code maxTokensMax} for a fixed
 *     value
 * @param maxTokensMax upper bound of {@code max_tokens}, inclusive
 * @param minTokens {@code min_tokens}
 * @param frequencyPenalty {@code frequency_penalty}
 * @param repetitionPenalty {@code repetition_penalty}
 * @param logprobs {@code logprobs}
 * @param nChoices {@code n}
 * @param seed {@code seed}
 * @param stop {@code stop} strings; empty when unset
 * @param stopTokenIds {@code stop_token_ids}; empty when unset
 * @param stream whether to request a streamed (server-sent events) response
 * @param temperature {@code temperature}
 * @param topP {@code top_p}
 * @param topK {@code top_k}
 * @param extraArgs extra body fields, merged last; JSON-like values
 * @param queryTemplate a JSON body template, or null; {@code %m} is replaced by the model and
 *     {@code %p} by the prompt text
 * @param tokenizePrompt whether prompts are sent as token-id arrays
 */
public record GenerationOptions(
    @Nullable String model,
    @Nullable Integer maxTokensMin,
    @Nullable Integer maxTokensMax,
    @Nullable Integer minTokens,
    @Nullable Double frequencyPenalty,
    @Nullable Double repetitionPenalty,
    @Nullable Boolean logprobs,
    @Nullable Integer nChoices,
    @Nullable Long seed,
    List<String> stop,
    List<Integer> stopTokenIds,
    boolean stream,
    @Nullable Double temperature,
    @Nullable Double topP,
    @Nullable Integer topK,
    Map<String, Object> extraArgs,
    @Nullable String queryTemplate,
    boolean tokenizePrompt) {

  public GenerationOptions {
    stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
    stopTokenIds = List.copyOf(Objects.requireNonNull(stopTokenIds, "stopTokenIds"));
    extraArgs = Map.copyOf(Objects.requireNonNull(extraArgs, "extraArgs"));
  }
}
