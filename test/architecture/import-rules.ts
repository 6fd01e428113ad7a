/**
 * The layers of src/, as rules over its import graph (ARCHITECTURE.md draws them). A file's
 * layer is its top-level folder under src/; an import is allowed when the rule of the
 * importing layer allows the imported file. Type-only imports count like any other: an
 * adapter that needs a type of the engine gets it from the engine's public face.
 */
export type Layer = 'core' | 'storage' | 'log' | 'bot' | 'http' | 'cli' | 'simulate' | 'demo' | 'server' | 'entry' | 'bench' | 'package';

/** The engine's public face: the one core file adapters may import. */
export const CORE_FACE = 'core/index.ts';
/** The bot's public entry: what the server composes. */
export const BOT_ENTRY = 'bot/index.ts';

export function layerOf(file: string): Layer {
  if (file === 'index.ts') return 'package';
  const top = file.split('/')[0];
  switch (top) {
    case 'core':
    case 'storage':
    case 'log':
    case 'bot':
    case 'http':
    case 'cli':
    case 'simulate':
    case 'demo':
    case 'server':
    case 'entry':
    case 'bench':
      return top;
    default:
      throw new Error(`src/${file} is in no known layer: add its folder to the import rules`);
  }
}

const ADAPTERS = new Set<Layer>(['bot', 'http', 'cli', 'simulate', 'demo']);

/** Why `from` may not import `to` (both paths relative to src/), or null when it may. */
export function violation(from: string, to: string): string | null {
  const a = layerOf(from);
  const b = layerOf(to);
  if (a === b) return null;
  const viaFace = to === CORE_FACE;
  switch (a) {
    case 'log':
      return 'log is a leaf: it imports nothing of besitos';
    case 'storage':
      return b === 'log' ? null : 'storage imports only log';
    case 'core':
      return b === 'storage' ? null : `core imports only storage, never ${b}`;
    case 'package':
      return viaFace || b === 'storage' ? null : 'the package entry exports the core face and the storage openers';
    case 'bench':
      // A measurement tool: the engine's internals and the raw drivers side by side, and the bot row.
      return ['core', 'storage', 'log', 'bot', 'http'].includes(b) ? null : `bench does not import ${b}`;
    case 'server':
      if (b === 'core') return viaFace ? null : `server reaches core only through ${CORE_FACE}`;
      if (b === 'bot') return to === BOT_ENTRY ? null : `server composes the bot through ${BOT_ENTRY}`;
      return b === 'http' || b === 'log' ? null : `server does not import ${b}`;
    case 'entry':
      if (b === 'core') return viaFace ? null : `entry reaches core only through ${CORE_FACE}`;
      return b === 'cli' || b === 'simulate' || b === 'log' ? null : `entry does not import ${b}`;
    default:
      break;
  }
  // Adapters.
  if (!ADAPTERS.has(a)) return `no rule for ${a}`;
  if (b === 'core') return viaFace ? null : `${a} reaches the engine only through ${CORE_FACE}, not ${to}`;
  if (b === 'storage') return `${a} reaches storage only through the engine`;
  if (b === 'log') return null;
  // The CLI launches the server, the demo and the bench; simulate comes to it through a port.
  if (a === 'cli' && (b === 'server' || b === 'demo' || b === 'bench')) return null;
  return `${a} does not import ${b}`;
}
