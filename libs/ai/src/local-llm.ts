import {
  estimateTokens,
  type LlmProvider,
  type LlmResult,
  type LlmStreamRequest,
  type LlmStreamResult,
  type LlmStructuredRequest,
} from './llm-provider.js';

/**
 * The default provider: no network, no model. Each feature's `fallback` builds the answer from
 * its features and templates; this provider validates it like a remote answer, estimates tokens
 * and, for streams, emits the answer word by word (whitespace kept, so the pieces join exactly).
 */
export class LocalLlmProvider implements LlmProvider {
  readonly name = 'local';
  readonly model = 'local-templates-1';

  async generate<T>(
    request: LlmStructuredRequest<T>,
    fallback: (request: LlmStructuredRequest<T>) => T,
  ): Promise<LlmResult<T>> {
    // Parsing the template's own result keeps both providers to the same contract.
    const value = request.schema.parse(fallback(request));
    return {
      value,
      usage: {
        promptTokens: estimateTokens(request.system) + estimateTokens(request.user),
        completionTokens: estimateTokens(JSON.stringify(value)),
      },
      provider: this.name,
      model: this.model,
    };
  }

  async stream(
    request: LlmStreamRequest,
    onToken: (token: string) => void,
    fallback: (request: LlmStreamRequest) => string,
  ): Promise<LlmStreamResult> {
    const text = fallback(request);
    for (const token of text.match(/\s*\S+\s*/g) ?? []) onToken(token);
    return {
      text,
      usage: {
        promptTokens: estimateTokens(request.system) + estimateTokens(request.user),
        completionTokens: estimateTokens(text),
      },
      provider: this.name,
      model: this.model,
    };
  }
}
