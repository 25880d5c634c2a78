import { Migration } from '@mikro-orm/migrations';

/** Tables every subgraph needs for events: the transactional outbox and processed event ids. */
export class EventTablesMigration extends Migration {
  override name = '00000000000000_event_tables';

  override up(): void {
    this.addSql(`create table outbox (
      id uuid primary key,
      type text not null,
      payload jsonb not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql('create index outbox_created_at_idx on outbox (created_at, id)');
    this.addSql(`create table processed_events (
      consumer text not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    )`);
  }

  override down(): void {
    this.addSql('drop table processed_events');
    this.addSql('drop table outbox');
  }
}
