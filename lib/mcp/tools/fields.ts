import { z } from 'zod';

// Arguments several tools share, described once so the model reads the same words everywhere.
export const dagIdField = z.string().min(1).describe('Dag id, exactly as in Airflow (e.g. "etl_daily").');
export const runIdField = z
  .string()
  .min(1)
  .describe('Dag run id, exactly as in Airflow (e.g. "manual__2026-01-01T00:00:00+00:00").');
export const taskIdField = z.string().min(1).describe('Task id; tasks inside a task group are "group.task".');
export const mapIndexField = z
  .number()
  .int()
  .min(-1)
  .default(-1)
  .describe('Map index of a mapped task instance; -1 (the default) for a task that is not mapped.');
export const limitField = (fallback: number) =>
  z.number().int().min(1).max(100).default(fallback).describe(`How many items to return (1-100, default ${fallback}).`);
export const offsetField = z.number().int().min(0).default(0).describe('How many items to skip, for paging.');
