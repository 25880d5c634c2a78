import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Preferences } from './preferences.types.js';

/** A user's saved preferences (absent row = defaults), stored as one JSON document. */
@Entity({ tableName: 'user_preferences' })
export class UserPreferences {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'json' })
  document!: Preferences;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
