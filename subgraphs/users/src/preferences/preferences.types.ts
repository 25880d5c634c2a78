import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Seniority } from '@hiregraph/platform/graphql/seniority';

export { Seniority };

export const Theme = { SYSTEM: 'SYSTEM', LIGHT: 'LIGHT', DARK: 'DARK' } as const;
export type Theme = (typeof Theme)[keyof typeof Theme];
registerEnumType(Theme, { name: 'Theme' });

export const RemotePolicy = { ANY: 'ANY', ONSITE: 'ONSITE', HYBRID: 'HYBRID', REMOTE: 'REMOTE' } as const;
export type RemotePolicy = (typeof RemotePolicy)[keyof typeof RemotePolicy];
registerEnumType(RemotePolicy, { name: 'RemotePolicy' });

export const DigestFrequency = { NEVER: 'NEVER', HOURLY: 'HOURLY', DAILY: 'DAILY' } as const;
export type DigestFrequency = (typeof DigestFrequency)[keyof typeof DigestFrequency];
registerEnumType(DigestFrequency, { name: 'DigestFrequency' });

@ObjectType()
export class NotificationSettings {
  @Field({ description: 'Email me when a strong new match appears.' })
  emailOnMatch!: boolean;

  @Field({ description: 'Weekly digest email.' })
  weeklyDigest!: boolean;

  @Field(() => DigestFrequency, {
    description: 'How often new matches are mailed as a digest (when emailOnMatch is on).',
  })
  matchDigest!: DigestFrequency;

  @Field({ description: 'Product news.' })
  productNews!: boolean;
}

@ObjectType({ description: 'What the user is looking for; matching uses it.' })
export class JobSearchPreferences {
  @Field(() => [String])
  desiredTitles!: string[];

  @Field(() => [String])
  locations!: string[];

  @Field(() => RemotePolicy)
  remotePolicy!: RemotePolicy;

  @Field(() => Int, { nullable: true })
  minimumSalary!: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. EUR.' })
  salaryCurrency!: string | null;

  @Field({ description: "Recruiters may find this user's resumes among their postings' candidates." })
  openToRecruiters!: boolean;

  @Field(() => Seniority, {
    nullable: true,
    description: 'The level sought (default: what the resume shows).',
  })
  seniority!: Seniority | null;

  @Field(() => Int, { description: 'Announce matches scoring at least this (0–100).' })
  matchThreshold!: number;
}

@ObjectType()
export class Preferences {
  @Field(() => Theme)
  theme!: Theme;

  @Field({ description: 'BCP 47 tag, e.g. en-US.' })
  locale!: string;

  @Field(() => NotificationSettings)
  notifications!: NotificationSettings;

  @Field(() => JobSearchPreferences)
  jobSearch!: JobSearchPreferences;
}

@InputType()
export class NotificationSettingsInput {
  @Field({ nullable: true })
  emailOnMatch?: boolean;

  @Field({ nullable: true })
  weeklyDigest?: boolean;

  @Field(() => DigestFrequency, { nullable: true })
  matchDigest?: DigestFrequency;

  @Field({ nullable: true })
  productNews?: boolean;
}

@InputType()
export class JobSearchPreferencesInput {
  @Field(() => [String], { nullable: true })
  desiredTitles?: string[];

  @Field(() => [String], { nullable: true })
  locations?: string[];

  @Field(() => RemotePolicy, { nullable: true })
  remotePolicy?: RemotePolicy;

  @Field(() => Int, { nullable: true })
  minimumSalary?: number | null;

  @Field(() => String, { nullable: true })
  salaryCurrency?: string | null;

  @Field({ nullable: true })
  openToRecruiters?: boolean;

  @Field(() => Seniority, { nullable: true })
  seniority?: Seniority | null;

  @Field(() => Int, { nullable: true, description: '0–100.' })
  matchThreshold?: number;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdatePreferencesInput {
  @Field(() => Theme, { nullable: true })
  theme?: Theme;

  @Field({ nullable: true })
  locale?: string;

  @Field(() => NotificationSettingsInput, { nullable: true })
  notifications?: NotificationSettingsInput;

  @Field(() => JobSearchPreferencesInput, { nullable: true })
  jobSearch?: JobSearchPreferencesInput;
}
