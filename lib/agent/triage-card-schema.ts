import { z } from 'zod';
import { FAILURE_CLASSES } from '../logs/failure-class';
import type { TriageCardModel } from '../logs/triage-card-model';

/** The triage card as it crosses to the panel (validated like every message). */
export const TriageCardSchema = z.object({
  title: z.string(),
  failureClass: z.enum(FAILURE_CLASSES),
  classLabel: z.string(),
  signals: z.array(z.string()),
  headline: z.string(),
  keyLines: z.array(z.object({ label: z.string(), url: z.string(), text: z.string(), exception: z.string().optional() })),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  notice: z.object({ text: z.string(), retry: z.boolean() }).optional(),
}) satisfies z.ZodType<TriageCardModel>;

