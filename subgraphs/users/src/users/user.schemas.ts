import { z } from 'zod';

/** Emails are trimmed and lower-cased before validation, so one address is one account. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address' }).max(254));

export const fullNameSchema = z.string().trim().min(1, 'Full name is required').max(200);

export const avatarUrlSchema = z
  .url({ protocol: /^https$/, message: 'Avatar URL must be an https URL' })
  .max(2048)
  .nullable();
