import { z } from 'zod';

/**
 * Bodies of the routes that describe the service itself (no auth): `/v1/health` and
 * `/v1/openapi.json`.
 */

export const HealthSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Health', description: 'The API answers.' });

/** One operation as the document lists it (enough for a client generator to find it). */
const OperationSchema = z.object({
  operationId: z.string(),
  summary: z.string().optional(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  responses: z.record(z.string(), z.object({ description: z.string() })),
});

/** The parts of a JSON Schema (2020-12) this document uses at the top of a component. */
const ComponentSchema = z.object({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  $ref: z.string().optional(),
  description: z.string().optional(),
  required: z.array(z.string()).optional(),
});

export const OpenApiDocumentSchema = z
  .object({
    openapi: z.string().meta({ example: '3.1.0' }),
    info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
    servers: z.array(z.object({ url: z.string() })),
    paths: z.record(z.string(), z.record(z.string(), OperationSchema)),
    components: z.object({ schemas: z.record(z.string(), ComponentSchema).optional() }).optional(),
  })
  .meta({ id: 'OpenApiDocument', description: 'This document (OpenAPI 3.1).' });
