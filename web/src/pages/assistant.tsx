import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { describeError } from '../errors';
import { useLiveSubscription } from '../graphql/live';
import { ErrorMessage } from '../ui';

const AssistantResumesDocument = graphql(`
  query AssistantResumes {
    myResumes(first: 50) {
      nodes {
        id
        title
        status
      }
    }
  }
`);

const StartConversationDocument = graphql(`
  mutation StartConversation($title: String) {
    startConversation(title: $title) {
      id
    }
  }
`);

const AskAssistantDocument = graphql(`
  mutation AskAssistant($conversationId: ID, $message: String!, $context: AssistantContext) {
    askAssistant(conversationId: $conversationId, message: $message, context: $context) {
      conversationId
      replyId
      answer
      citations {
        chunkId
        resumeId
        text
      }
    }
  }
`);

const AssistantReplyDocument = graphql(`
  subscription AssistantReply($conversationId: ID!, $after: String) {
    assistantReply(conversationId: $conversationId, after: $after) {
      cursor
      replyId
      sequence
      token
      done
    }
  }
`);

interface Citation {
  chunkId: string;
  text: string;
}

/** One exchange: the question, then the answer as its tokens arrive. */
interface Exchange {
  question: string;
  replyId: string | null;
  citations: Citation[];
}

interface Reply {
  tokens: Map<number, string>;
  done: boolean;
}

function replyText(reply: Reply | undefined): string {
  if (!reply) return '';
  return [...reply.tokens.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, token]) => token)
    .join('');
}

export function AssistantPage() {
  const [{ data: resumes }] = useQuery({
    query: AssistantResumesDocument,
    requestPolicy: 'cache-and-network',
  });
  const [, start] = useMutation(StartConversationDocument);
  const [asking, ask] = useMutation(AskAssistantDocument);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const [replies, setReplies] = useState<Map<string, Reply>>(new Map());
  const [message, setMessage] = useState('');
  const [resumeId, setResumeId] = useState('');
  const [error, setError] = useState<string | null>(null);

  // From the conversation's start ("0"), so tokens sent before the subscription is up are replayed.
  const liveError = useLiveSubscription(
    AssistantReplyDocument,
    conversationId ? { conversationId } : null,
    (event) => {
      const piece = event.assistantReply;
      if (!piece) return;
      setReplies((previous) => {
        const next = new Map(previous);
        const reply = next.get(piece.replyId) ?? { tokens: new Map(), done: false };
        const tokens = new Map(reply.tokens).set(piece.sequence, piece.token);
        next.set(piece.replyId, { tokens, done: reply.done || piece.done });
        return next;
      });
    },
    (event) => event.assistantReply?.cursor,
    '0',
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const question = message.trim();
    if (!question) return;
    setError(null);
    // The conversation exists before the question, so its subscription can start first.
    let id = conversationId;
    if (!id) {
      const started = await start({ title: question.slice(0, 80) });
      if (!started.data) {
        setError(describeError(started.error));
        return;
      }
      id = started.data.startConversation.id;
      setConversationId(id);
    }
    const index = exchanges.length;
    setExchanges((previous) => [...previous, { question, replyId: null, citations: [] }]);
    setMessage('');
    const result = await ask({
      conversationId: id,
      message: question,
      context: resumeId ? { resumeId } : null,
    });
    if (!result.data) {
      setError(describeError(result.error));
      return;
    }
    const answer = result.data.askAssistant;
    setExchanges((previous) =>
      previous.map((exchange, i) =>
        i === index ? { ...exchange, replyId: answer.replyId, citations: answer.citations } : exchange,
      ),
    );
  };

  const parsed = resumes?.myResumes.nodes.filter((resume) => resume.status === 'PARSED') ?? [];
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>Assistant</h1>
      <p className="muted">
        Ask about your resumes, your matches and how to improve them. Answers quote your resume.
      </p>
      {exchanges.length > 0 && (
        <ol className="plain stack" aria-label="Conversation">
          {exchanges.map((exchange, i) => {
            const reply = exchange.replyId ? replies.get(exchange.replyId) : undefined;
            // Tokens may arrive before askAssistant answers: they are matched by replyId then.
            const streamed =
              reply ??
              (i === exchanges.length - 1 && !exchange.replyId
                ? [...replies.values()].find((r) => !r.done)
                : undefined);
            const text = replyText(streamed);
            const done = Boolean(reply?.done);
            return (
              <li key={i} className="card stack">
                <p className="question">
                  <strong>You:</strong> {exchange.question}
                </p>
                <div
                  className="answer prewrap"
                  data-testid="assistant-answer"
                  data-done={done ? 'true' : 'false'}
                  aria-live="polite"
                  aria-busy={!done}
                >
                  <strong>Assistant:</strong> {text || (done ? '' : 'Thinking…')}
                </div>
                {done && exchange.citations.length > 0 && (
                  <details>
                    <summary>From your resume ({exchange.citations.length})</summary>
                    <ul className="evidence">
                      {exchange.citations.map((citation) => (
                        <li key={citation.chunkId}>
                          <blockquote>“{citation.text}”</blockquote>
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <ErrorMessage message={error ?? liveError} />
      <form onSubmit={submit} className="stack">
        <label>
          About
          <select value={resumeId} onChange={(e) => setResumeId(e.target.value)}>
            <option value="">All my resumes</option>
            {parsed.map((resume) => (
              <option key={resume.id} value={resume.id}>
                {resume.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Your question
          <textarea
            rows={3}
            value={message}
            maxLength={2000}
            onChange={(e) => setMessage(e.target.value)}
            onKeyDown={(e) => {
              // Enter sends, Shift+Enter starts a new line.
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
            required
          />
        </label>
        <div className="actions">
          <button type="submit" disabled={asking.fetching}>
            Ask
          </button>
          {conversationId && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setConversationId(null);
                setExchanges([]);
                setReplies(new Map());
              }}
            >
              New conversation
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
