import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createTransport } from 'nodemailer';

/** One message to send. `idempotencyKey` names it, so sending it twice delivers it once where the provider can tell. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  idempotencyKey: string;
}

export interface EmailProvider {
  readonly name: 'mailbox' | 'smtp';
  /** Sends (or, for the mailbox, stores) the message; throws when it could not. */
  send(message: EmailMessage): Promise<void>;
  close(): Promise<void>;
}

/** Email settings, read from the environment with the rest of a service's configuration. */
export const emailSettingsSchema = z.object({
  /** `mailbox` (development, tests: the `mailbox` table) or `smtp` (SMTP_URL). */
  EMAIL_PROVIDER: z.enum(['mailbox', 'smtp']).default('mailbox'),
  /** e.g. smtps://user:pass@smtp.example.com:465 or smtp://localhost:1025 */
  SMTP_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().min(3).default('Hiregraph <no-reply@hiregraph.local>'),
});
export type EmailSettings = z.infer<typeof emailSettingsSchema>;

/**
 * The development provider: messages land in the `mailbox` table of the service's database
 * (entity MailboxMessage), where tests and the operator (`npm run mailbox`) read them. The
 * idempotency key is unique, so a message sent twice is stored once.
 */
export class MailboxEmailProvider implements EmailProvider {
  readonly name = 'mailbox';
  constructor(
    private readonly em: EntityManager,
    private readonly from: string,
  ) {}

  async send(message: EmailMessage): Promise<void> {
    await this.em.fork().execute(
      `insert into mailbox (id, idempotency_key, sender, recipient, subject, text_body, html_body, created_at)
         values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, now()) on conflict (idempotency_key) do nothing`,
      [message.idempotencyKey, this.from, message.to, message.subject, message.text, message.html ?? null],
      'run',
    );
  }

  async close(): Promise<void> {}
}

/** SMTP through nodemailer; the idempotency key travels as the Message-ID's local part. */
export class SmtpEmailProvider implements EmailProvider {
  readonly name = 'smtp';
  private readonly transport;
  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(smtpUrl);
  }

  async send(message: EmailMessage): Promise<void> {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.from)?.[1] ?? 'hiregraph.local';
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: `<${message.idempotencyKey}@${domain}>`,
    });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** The configured provider; SMTP without SMTP_URL is a configuration error at start-up. */
export function createEmailProvider(settings: EmailSettings, em: EntityManager): EmailProvider {
  if (settings.EMAIL_PROVIDER === 'smtp') {
    if (!settings.SMTP_URL) throw new Error('EMAIL_PROVIDER=smtp needs SMTP_URL');
    return new SmtpEmailProvider(settings.SMTP_URL, settings.EMAIL_FROM);
  }
  return new MailboxEmailProvider(em, settings.EMAIL_FROM);
}
