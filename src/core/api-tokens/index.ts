export {
  ApiTokensService,
  LOGIN_LINK_TTL_MS,
  MAX_TOKEN_NAME_LENGTH,
  type ApiTokenInfo,
  type IssuedToken,
  type OperatorIssueInput,
  type TokenPrincipal,
} from './api-tokens-service.js';
