/**
 * Issue 10, defect 1: @grammyjs/conversations v2 builds each context inside a flow with
 * a fresh `new Api(token, options)` (plugin.js, `hydrateContext`) whose only transformer
 * records the call for replay. The bot's own transformers on `bot.api` (pacing,
 * auto-retry, network retry, blocked-member marking) were therefore missing there: a 429
 * inside a wizard was not retried and killed the flow.
 *
 * This flow plugin gives the context an Api that runs the bot's transformers *inside*
 * the conversation's recorder: recorder → bot transformers → HTTP. Inside, because the
 * recorder stores the call's final answer and a replay of the flow returns it without a
 * request; were the bot's transformers outside it, every replay of a flow would sleep a
 * stored 429's retry_after again, queue replayed (unsent) messages behind the pacing and
 * mark a blocked member again.
 */
import { Api, type Context, type MiddlewareFn } from 'grammy';

export function botTransformersInFlows<C extends Context>(botApi: Api): MiddlewareFn<C> {
  return (ctx, next) => {
    const recorder = ctx.api.config.installedTransformers();
    const api = new Api(ctx.api.token, ctx.api.options);
    // `use` wraps what is installed: the first installed is the innermost (nearest HTTP).
    api.config.use(...botApi.config.installedTransformers());
    api.config.use(...recorder);
    (ctx as { api: Api }).api = api;
    return next();
  };
}
