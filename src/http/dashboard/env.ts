/** What the dashboard's middleware hands every page: the session, the words, the economy's time zone. */
import type { Translator } from './i18n.js';
import type { Session } from './sessions.js';

export type DashEnv = {
  Variables: {
    session: Session;
    tr: Translator;
    /** The economy's time zone, for every time shown. */
    tz: string;
  };
};
