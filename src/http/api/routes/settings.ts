/**
 * Settings (SPEC §8): every value, one change at a time (validated by the engine, audited as
 * `admin:<id>`, applied at once across instances), the audit, and the level-formula preview
 * (the first levels and where each starts) of the formula in force or of one not yet set.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { compileLevelFormula, parseLevelFormulaArg, SETTING_KEYS, type Economy } from '../../../core/index.js';
import type { ApiEnv } from '../auth.js';
import { problemResponses } from '../problem.js';
import { body, json, PageQuerySchema, SettingAuditSchema } from '../schemas.js';


const SettingsSchema = z.record(z.string(), z.unknown()).openapi('Settings', { description: 'Every setting by its dotted key (stored values over the defaults)' });
const SettingChangeSchema = z
  .object({ key: z.string(), oldValue: z.unknown(), newValue: z.unknown(), changedBy: z.string(), changedAt: z.string() })
  .openapi('SettingChange');

export function settingsRoutes(api: OpenAPIHono<ApiEnv>, economy: Economy): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/settings',
      tags: ['Settings'],
      summary: 'Every setting',
      responses: { 200: json(SettingsSchema, 'The settings in force'), ...problemResponses() },
    }),
    async (c) => c.json({ ...(await economy.settings.all()) } as Record<string, unknown>, 200),
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/settings/{key}',
      tags: ['Settings'],
      summary: 'Change one setting (validated, audited; levels.formula recomputes every cached level)',
      request: {
        params: z.object({ key: z.enum(SETTING_KEYS).openapi({ param: { name: 'key', in: 'path' }, example: 'reactions.amount' }) }),
        body: body(z.strictObject({ value: z.unknown() }).openapi('SettingValue', { example: { value: 7 } })),
      },
      responses: { 200: json(SettingChangeSchema, 'Changed (old → new, who, when)'), ...problemResponses(403, 413, 415) },
    }),
    async (c) => {
      const { key } = c.req.valid('param');
      const { value } = c.req.valid('json');
      const change = await economy.settings.set(key, value, `admin:${c.get('principal').adminId}`);
      return c.json({ ...change, changedAt: new Date(change.changedAt).toISOString() }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/settings/audit',
      tags: ['Settings', 'Audit'],
      summary: 'Setting changes, newest first',
      request: { query: PageQuerySchema.extend({ key: z.string().max(64).optional() }) },
      responses: { 200: json(z.object({ items: z.array(SettingAuditSchema) }), 'Changes'), ...problemResponses() },
    }),
    async (c) => {
      const { key, limit, before } = c.req.valid('query');
      const items = await economy.settings.audit({
        ...(key !== undefined ? { key } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(before !== undefined ? { beforeId: before } : {}),
      });
      return c.json({ items: items.map((e) => ({ ...e, changedAt: new Date(e.changedAt).toISOString() })) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/levels/preview',
      tags: ['Settings'],
      summary: 'The first levels of a formula and the lifetime total where each starts (SPEC §2)',
      request: {
        query: z.strictObject({
          formula: z.string().min(1).max(500).optional().openapi({ description: 'sqrt, linear:STEP, exponential:BASE,FACTOR or an expression; default: the formula in force', example: 'linear:250' }),
          count: z.string().regex(/^\d{1,2}$/, { message: 'a whole number from 1 to 50' }).transform(Number).refine((n) => n >= 1 && n <= 50, { message: 'a whole number from 1 to 50' }).optional().openapi({ type: 'integer', example: 10 }),
        }),
      },
      responses: {
        200: json(
          z.object({ formula: z.string(), spec: z.unknown(), levels: z.array(z.object({ level: z.number().int(), from: z.number().int() })) }).openapi('LevelPreview'),
          'The preview',
        ),
        ...problemResponses(),
      },
    }),
    async (c) => {
      const { formula, count } = c.req.valid('query');
      const compiled = formula === undefined ? await economy.levels.current() : compileLevelFormula(parseLevelFormulaArg(formula));
      return c.json({ formula: compiled.describe(), spec: compiled.spec, levels: compiled.preview(count ?? 10) }, 200);
    },
  );
}
